import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAck } from './ack-frame.ts';
import { decodeServerMessage, encodeMessage } from './codec.ts';
import { MSG } from './messages.ts';

describe('encodeAck', () => {
  it('decodes, with msgpackr and any id or version, to the same ACK encodeMessage writes', () => {
    const ids = fc.oneof(fc.string({ minLength: 1, maxLength: 64 }), fc.string({ minLength: 1, maxLength: 300, unit: 'grapheme' }), fc.constantFrom('a', 'x'.repeat(31), 'x'.repeat(32), 'x'.repeat(255), 'x'.repeat(256), 'é', '\u0000'));
    const versions = fc.oneof(fc.nat(), fc.constantFrom(0, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER), fc.integer({ min: 0, max: 70_000 }));
    fc.assert(
      fc.property(ids, versions, (id, version) => {
        const expected = decodeServerMessage(encodeMessage({ t: MSG.ACK, id, version }));
        expect(decodeServerMessage(encodeAck(id, version))).toEqual(expected);
        expect(expected).toEqual({ t: MSG.ACK, id, version });
      }),
      { numRuns: 5000 },
    );
  });

  it('writes the common shape by hand: a three-entry fixmap, not msgpackr map16', () => {
    expect(encodeAck('v1', 300)[0]).toBe(0x83);
    expect(Buffer.from(encodeAck('v1', 300)).toString('hex')).toBe('83a17467a26964a27631a776657273696f6ecd012c');
  });
});

describe('encodeAck from a shared slab', () => {
  it('never hands out bytes that a later ACK overwrites', () => {
    const acks = Array.from({ length: 5000 }, (_, i) => [`id-${i}`, i * 7919] as const);
    const frames = acks.map(([id, version]) => encodeAck(id, version));
    frames.forEach((frame, i) => expect(decodeServerMessage(frame)).toEqual({ t: MSG.ACK, id: acks[i]?.[0], version: acks[i]?.[1] }));
  });
});
