/**
 * decodeClientMessage is total (issue 13): any byte string gives a typed
 * message or a typed error, never an exception; error messages stay short
 * (they never serialise the offending value); a valid message in any valid
 * encoding, wider integer formats included, decodes to the same message; and
 * decoding leaves no state behind that changes the next decode.
 *
 * This is the cheap bulk of the fuzz case count: the codec is called
 * directly, tens of thousands of frames a second.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeClientMessage, type DecodeResult } from '../../engine/index.ts';
import { arbClientMessage, arbFrame, arbHeavyFrame, arbTampered, arbWireOf, narrowWire, type CommandVocabulary } from '../support/msgpack-arbitrary.ts';
import { encodeWire } from '../support/msgpack-wire.ts';
import { FuzzTally, fuzzSeed, runs } from './fuzz-settings.ts';
import { wellTypedProblem } from './well-typed-message.ts';

const tally = new FuzzTally('codec', fuzzSeed());
afterAll(() => tally.report());

const vocab: CommandVocabulary = { options: ['x', 'y'], quizzes: ['q1'], hotspots: ['coupon', 'link'] };
const messages = arbClientMessage(vocab);
const tamperedMessages = messages.chain((m) => arbTampered(m));

/** The longest error message a decoder may give: enough for a reason, too short to echo a hostile value. */
const MAX_ERROR_CHARS = 200;

/** A valid frame decoded after every case: a decoder that kept state from the case before would answer it differently. */
const SENTINEL = encodeWire(narrowWire({ t: 3, id: 'sentinel', cmd: { type: 'vote', option: 'x' } }));
const SENTINEL_DECODED: DecodeResult = { ok: true, message: { t: 3, id: 'sentinel', cmd: { type: 'vote', option: 'x' } } };

/** Decodes, and fails with the frame in hex when the result is not a typed message or a typed error. */
function decodeChecked(bytes: Uint8Array): DecodeResult {
  let result: DecodeResult;
  try {
    result = decodeClientMessage(bytes);
  } catch (error) {
    throw new Error(`decodeClientMessage threw on ${hex(bytes)}: ${String(error)}`, { cause: error });
  }
  const problem = resultProblem(result);
  if (problem) throw new Error(`decodeClientMessage(${hex(bytes)}): ${problem}`);
  expect(decodeClientMessage(SENTINEL)).toEqual(SENTINEL_DECODED);
  tally.add();
  return result;
}

function resultProblem(result: DecodeResult): string | undefined {
  if (typeof result !== 'object' || result === null) return `not a result: ${typeof result}`;
  if (result.ok === true) return wellTypedProblem(result.message);
  if (result.ok !== false) return 'ok is neither true nor false';
  if (typeof result.message !== 'string' || result.message.length === 0) return 'error without a message';
  if (result.message.length > MAX_ERROR_CHARS) return `error message of ${result.message.length} chars (over ${MAX_ERROR_CHARS}: it echoes the input)`;
  if (result.id !== undefined && (typeof result.id !== 'string' || result.id.length === 0 || result.id.length > 64)) return 'error id is not a command id';
  return undefined;
}

const hex = (bytes: Uint8Array): string => (bytes.length > 96 ? `${Buffer.from(bytes.subarray(0, 96)).toString('hex')}… (${bytes.length} bytes)` : Buffer.from(bytes).toString('hex'));

describe('decodeClientMessage on generated frames', () => {
  it('gives a typed message or a typed error for frames of every msgpack class', () => {
    fc.assert(
      fc.property(arbFrame(tamperedMessages), (frame) => {
        decodeChecked(frame.bytes);
      }),
      tally.params('every-class', runs(60_000)),
    );
  });

  it('survives nesting and sizes up to the 64 KiB frame limit', () => {
    fc.assert(
      fc.property(arbHeavyFrame, (frame) => {
        decodeChecked(frame.bytes);
      }),
      tally.params('heavy', runs(300)),
    );
  });

  it('decodes a valid message in any encoding (wider integers, str32, map32…) to exactly that message', () => {
    fc.assert(
      fc.property(
        messages.chain((message) => fc.tuple(fc.constant(message), arbWireOf(message))),
        ([message, wide]) => {
          const expected = { ok: true, message: withoutUndefined(message) };
          expect(decodeChecked(encodeWire(narrowWire(message)))).toEqual(expected);
          expect(decodeChecked(encodeWire(wide))).toEqual(expected);
        },
      ),
      tally.params('widened', runs(15_000)),
    );
  });

  it('answers a tampered message (any field replaced by any msgpack value, removed or duplicated) with a typed result', () => {
    fc.assert(
      fc.property(tamperedMessages, (tree) => {
        decodeChecked(encodeWire(tree));
      }),
      tally.params('tampered', runs(25_000)),
    );
  });
});

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)]));
}
