/**
 * The common-shape decoder (engine/protocol/wire-common.ts) is a fast path
 * in front of the general one: wherever it answers, its value must be
 * exactly the general decoder's, and wherever the general decoder refuses a
 * frame, it must defer. Checked on frames of every msgpack class (every
 * integer width, floats, invalid UTF-8, ext, bin, `__proto__` keys, deep and
 * big frames, truncated and trailing bytes), on tampered protocol messages,
 * on every valid message in every encoding, and on what our own clients send
 * (which it must take itself, or the fast path would be dead code).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMessage, type ClientMessage } from '../../engine/index.ts';
import { decodeCommonWire } from '../../engine/protocol/wire-common.ts';
import { decodeWireValueInFull } from '../../engine/protocol/wire-value.ts';
import { arbClientMessage, arbFrame, arbHeavyFrame, arbTampered, arbWireOf, type CommandVocabulary } from '../support/msgpack-arbitrary.ts';
import { encodeWire } from '../support/msgpack-wire.ts';
import { FuzzTally, fuzzSeed, runs } from './fuzz-settings.ts';

const tally = new FuzzTally('wire-common', fuzzSeed());
afterAll(() => tally.report());

const vocab: CommandVocabulary = { options: ['x', 'y'], quizzes: ['q1'], hotspots: ['coupon', 'link'] };
const messages = arbClientMessage(vocab);

/** Fails unless the fast path either defers or gives exactly the general decoder's value. Returns whether it answered. */
function agrees(bytes: Uint8Array): boolean {
  const common = decodeCommonWire(bytes);
  const full = decodeWireValueInFull(bytes);
  tally.add();
  if (common === undefined) return false;
  if (!full.ok) throw new Error(`fast path took ${Buffer.from(bytes).toString('hex')}, which the general decoder refuses: ${full.reason}`);
  const difference = wireDifference(common, full.value, '$');
  if (difference) throw new Error(`frame ${Buffer.from(bytes).toString('hex')}: ${difference}`);
  return true;
}

describe('decodeCommonWire against the general decoder', () => {
  it('agrees on frames of every msgpack class, or defers', () => {
    fc.assert(
      fc.property(arbFrame(messages.chain((m) => arbTampered(m))), (frame) => {
        agrees(frame.bytes);
      }),
      tally.params('every-class', runs(40_000)),
    );
  });

  it('agrees on deep and near-limit frames, or defers', () => {
    fc.assert(
      fc.property(arbHeavyFrame, (frame) => {
        agrees(frame.bytes);
      }),
      tally.params('heavy', runs(200)),
    );
  });

  it('agrees on valid messages in every encoding, or defers', () => {
    fc.assert(
      fc.property(
        messages.chain((message) => arbWireOf(message)),
        (tree) => {
          agrees(encodeWire(tree));
        },
      ),
      tally.params('widened', runs(15_000)),
    );
  });

  it('takes every message our own encoder writes with ASCII text, itself', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(arbClientMessage(vocab, ascii).map(withoutUndefined), (message) => {
        // msgpackr writes an undefined field as an ext; our clients leave such fields out.
        const bytes = encodeMessage(message as unknown as ClientMessage);
        // Only a message whose every string is ASCII and short is the common shape.
        if (!JSON.stringify(message).split('').every((c) => c.charCodeAt(0) < 0x80)) return;
        if (hasLongString(message) || hasWideNumber(message)) return;
        expect(agrees(bytes), `fast path deferred ${Buffer.from(bytes).toString('hex')}`).toBe(true);
      }),
      tally.params('own-encoder', runs(5_000)),
    );
  });

  it('gives the same string object for the same short key twice, with the same content as fresh bytes', () => {
    const vote = encodeMessage({ t: 3, id: 'a1', cmd: { type: 'vote', option: 'left' } });
    const first = decodeCommonWire(vote) as { cmd: { option: string } };
    const second = decodeCommonWire(vote) as { cmd: { option: string } };
    expect(first).toStrictEqual(second);
    expect(first.cmd.option).toBe('left');
    // A different string whose bytes hash to the same slot must not come back from the cache.
    const other = encodeMessage({ t: 3, id: 'a1', cmd: { type: 'vote', option: 'lefu' } });
    expect((decodeCommonWire(other) as { cmd: { option: string } }).cmd.option).toBe('lefu');
  });
});

/**
 * Where two decoded values differ, or undefined: same types, numbers by
 * Object.is (NaN, -0), same prototypes, same keys in the same order. (Not
 * toStrictEqual: it reads a map's own `constructor` key as its class.)
 */
function wireDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (typeof a !== typeof b) return `${path}: ${typeof a} vs ${typeof b}`;
  if (typeof a !== 'object' || a === null || b === null) return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different prototypes`;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b as object);
  if (keysA.join('\u0000') !== keysB.join('\u0000')) return `${path}: keys ${JSON.stringify(keysA)} vs ${JSON.stringify(keysB)}`;
  for (const key of keysA) {
    const inner = wireDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (inner) return inner;
  }
  return undefined;
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)]));
}

function hasLongString(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 255;
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([k, v]) => k.length > 255 || hasLongString(v));
}

function hasWideNumber(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && (value < -(2 ** 31) || value >= 2 ** 32);
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(hasWideNumber);
}
