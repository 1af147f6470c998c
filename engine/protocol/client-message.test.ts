/**
 * The frame class that once stopped a node (a map whose `t` is an ext value
 * or a 64-bit integer), and every msgpack type in every field position of
 * every client message: decoding answers, and never throws.
 */
import { describe, expect, it } from 'vitest';
import { encodeMessage } from './codec.ts';
import { decodeClientMessage } from './client-message.ts';
import { MSG } from './messages.ts';
import { i64, map, MSGPACK_SAMPLES as SAMPLES, str, u64 } from '../../test/support/msgpack-samples.ts';

const frame = (bytes: number[]): Uint8Array => Uint8Array.from(bytes);

/** Every field position of every client message, with valid values for the other fields. */
const MESSAGES: Array<{ name: string; fields: Record<string, number[]> }> = [
  { name: 'HELLO', fields: { t: [MSG.HELLO], token: str('tok'), since: [0] } },
  { name: 'TIME', fields: { t: [MSG.TIME], c0: [0x01] } },
  { name: 'COMMAND vote', fields: { t: [MSG.COMMAND], id: str('c1'), cmd: map([[str('type'), str('vote')], [str('option'), str('a')]]) } },
  { name: 'COMMAND seek', fields: { t: [MSG.COMMAND], id: str('c2'), cmd: map([[str('type'), str('seek')], [str('position'), [0x05]]]) } },
  { name: 'COMMAND answer', fields: { t: [MSG.COMMAND], id: str('c3'), cmd: map([[str('type'), str('answer')], [str('quiz'), str('q')], [str('option'), [0]]]) } },
  { name: 'COMMAND comment', fields: { t: [MSG.COMMAND], id: str('c4'), cmd: map([[str('type'), str('comment')], [str('text'), str('hi')], [str('at'), [1]]]) } },
  { name: 'COMMAND push-quiz', fields: { t: [MSG.COMMAND], id: str('c5'), cmd: map([[str('type'), str('push-quiz')], [str('quiz'), map([[str('id'), str('q')]])]]) } },
  { name: 'COMMAND hotspot', fields: { t: [MSG.COMMAND], id: str('c6'), cmd: map([[str('type'), str('hotspot')], [str('hotspot'), str('h')], [str('action'), str('click')]]) } },
];

describe('decodeClientMessage', () => {
  it('answers the frame class that once stopped a node with typed reasons', () => {
    for (const t of [i64(1), u64(1), [0xd4, 5, 1], [0xd6, 0xff, 0, 0, 0, 1], [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]]) {
      const decoded = decodeClientMessage(frame(map([[str('t'), t]])));
      // An int64/uint64 `t` of 1 is HELLO itself; the others are refused with a reason.
      if (decoded.ok) expect(decoded.message).toEqual({ t: MSG.HELLO });
      else expect(decoded.message).toMatch(/not accepted|outside|unknown message type|token/);
    }
  });

  it('never throws for any msgpack type in any field position, and refuses what the field cannot hold', () => {
    let refused = 0;
    for (const message of MESSAGES) {
      for (const field of Object.keys(message.fields)) {
        for (const [type, sample] of Object.entries(SAMPLES)) {
          const bytes = frame(map(Object.entries(message.fields).map(([k, v]) => [str(k), k === field ? sample : v])));
          const decoded = decodeClientMessage(bytes);
          expect(typeof decoded.ok, `${message.name}.${field} = ${type}`).toBe('boolean');
          if (!decoded.ok) {
            refused += 1;
            // Reasons describe; they never echo the offending bytes or value.
            expect(decoded.message.length).toBeLessThan(200);
            expect([...decoded.message].every((c) => c >= ' ' && c !== '\ufffd')).toBe(true);
          }
        }
        // And the field as a whole frame, and missing.
        expect(() => decodeClientMessage(frame(map(Object.entries(message.fields).filter(([k]) => k !== field).map(([k, v]) => [str(k), v]))))).not.toThrow();
      }
    }
    for (const sample of Object.values(SAMPLES)) expect(decodeClientMessage(frame(sample)).ok).toBe(false);
    expect(refused).toBeGreaterThan(100);
  });

  it('reads an integer written in any width as that integer', () => {
    const narrow = decodeClientMessage(encodeMessage({ t: MSG.COMMAND, id: 'a', cmd: { type: 'answer', quiz: 'q', option: 1 } }));
    for (const width of [[0x01], [0xcc, 1], [0xcd, 0, 1], [0xce, 0, 0, 0, 1], u64(1), [0xd0, 1], [0xd1, 0, 1], [0xd2, 0, 0, 0, 1], i64(1)]) {
      const wide = decodeClientMessage(frame(map([[str('t'), i64(MSG.COMMAND)], [str('id'), str('a')], [str('cmd'), map([[str('type'), str('answer')], [str('quiz'), str('q')], [str('option'), width]])]])));
      expect(wide).toEqual(narrow);
    }
    expect(decodeClientMessage(frame(map([[str('t'), u64(MSG.TIME)], [str('c0'), u64(2 ** 53 - 1)]])))).toEqual({ ok: true, message: { t: MSG.TIME, c0: 2 ** 53 - 1 } });
    expect(decodeClientMessage(frame(map([[str('t'), u64(MSG.HELLO)], [str('since'), i64(7)]])))).toEqual({ ok: true, message: { t: MSG.HELLO, since: 7 } });
  });

  it('refuses integers beyond ±(2^53 − 1) instead of rounding them', () => {
    const decoded = decodeClientMessage(frame(map([[str('t'), [MSG.TIME]], [str('c0'), u64(2 ** 53)]])));
    expect(decoded).toEqual({ ok: false, message: expect.stringMatching(/outside/) as string });
  });

  it('refuses __proto__ keys and non-string keys, and keeps the last of duplicate keys', () => {
    expect(decodeClientMessage(frame(map([[str('__proto__'), map([[str('t'), [1]]])], [str('t'), [1]]]))).ok).toBe(false);
    expect(decodeClientMessage(frame([0x82, 0x80, 0x01, ...str('t'), 0x01])).ok).toBe(false);
    expect(decodeClientMessage(frame(map([[str('t'), [MSG.TIME]], [str('c0'), [1]], [str('c0'), [2]]])))).toEqual({ ok: true, message: { t: MSG.TIME, c0: 2 } });
  });

  it('answers deep nesting up to the frame size limit without overflowing the stack', () => {
    const deep = frame([...map([[str('t'), [MSG.TIME]]]).slice(0, -1), ...Array(64 * 1024 - 8).fill(0x91), 0x01]);
    expect(decodeClientMessage(deep).ok).toBe(false);
    expect(decodeClientMessage(frame([...Array(64 * 1024).fill(0x91), 0x01]))).toEqual({ ok: false, message: expect.stringMatching(/nests deeper/) as string });
  });

  it('answers truncated frames, trailing bytes and an empty frame', () => {
    const valid = [...encodeMessage({ t: MSG.TIME, c0: 5 })];
    for (let cut = 0; cut < valid.length; cut++) expect(decodeClientMessage(frame(valid.slice(0, cut))).ok).toBe(false);
    expect(decodeClientMessage(frame([...valid, 0x00])).ok).toBe(false);
  });
});
