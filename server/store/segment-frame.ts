/**
 * The on-disk framing of a room's log segment (file-room-store.ts).
 *
 *   segment := header frame*
 *   header  := "bclogv01" (8 bytes) baseSeq (u64 LE)   -- seq of the first frame
 *   frame   := length (u32 LE) crc (u32 LE) payload (length bytes)
 *
 * `crc` is CRC-32 (zlib.crc32) over the 4 length bytes followed by the
 * payload. Covering the length matters: a zero-filled tail (what some
 * filesystems leave after a power cut) would otherwise parse as an endless run
 * of valid empty records, since CRC-32 of nothing is 0.
 *
 * `baseSeq` is 1 today; it exists so that compaction can later start a new
 * segment after a snapshot without changing the format.
 */
import { crc32 } from 'node:zlib';

export const SEGMENT_MAGIC = 'bclogv01';
export const SEGMENT_HEADER_BYTES = 16;
export const FRAME_HEADER_BYTES = 8;

/** The 16-byte segment header for a segment whose first frame has seq `baseSeq`. */
export function encodeSegmentHeader(baseSeq: number): Buffer {
  const header = Buffer.alloc(SEGMENT_HEADER_BYTES);
  header.write(SEGMENT_MAGIC, 0, 'latin1');
  header.writeBigUInt64LE(BigInt(baseSeq), 8);
  return header;
}

/** The base seq from a segment header, or undefined when the bytes are not one. */
export function parseSegmentHeader(bytes: Buffer): number | undefined {
  if (bytes.length < SEGMENT_HEADER_BYTES || bytes.toString('latin1', 0, 8) !== SEGMENT_MAGIC) return undefined;
  const baseSeq = bytes.readBigUInt64LE(8);
  return baseSeq >= 1n && baseSeq <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(baseSeq) : undefined;
}

/** The 8-byte frame header (length + checksum) for `payload`. */
export function encodeFrameHeader(payload: Uint8Array): Buffer {
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.writeUInt32LE(payload.byteLength, 0);
  header.writeUInt32LE(frameChecksum(header.subarray(0, 4), payload), 4);
  return header;
}

/**
 * A whole frame, header and a copy of `payload`, in one buffer: one
 * allocation and one iovec per record on the append path.
 */
export function encodeFrame(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.byteLength);
  frame.writeUInt32LE(payload.byteLength, 0);
  frame.set(payload, FRAME_HEADER_BYTES);
  // Over the copy: exactly the bytes that reach the disk. (zlib.crc32 of an empty
  // Uint8Array without a backing store returns 0 whatever the start value.)
  frame.writeUInt32LE(frameChecksum(frame.subarray(0, 4), frame.subarray(FRAME_HEADER_BYTES)), 4);
  return frame;
}

/** The checksum stored in a frame header: CRC-32 over the length bytes, then the payload. */
export function frameChecksum(lengthBytes: Uint8Array, payload: Uint8Array): number {
  return crc32(payload, crc32(lengthBytes));
}
