/**
 * Streams the frames of a segment file between two offsets, verifying each
 * checksum. Used by recovery (which decides what a bad frame means) and by
 * reads (for which any bad frame is corruption).
 */
import type { FileHandle } from 'node:fs/promises';
import { MAX_RECORD_BYTES } from './room-store.ts';
import { FRAME_HEADER_BYTES, frameChecksum } from './segment-frame.ts';

/** One verified frame: its payload and where it sits in the file. */
export interface Frame {
  offset: number;
  /** Offset just past the frame (where the next one starts). */
  end: number;
  /** A view into a shared read buffer: copy it before keeping it past the next iteration. */
  payload: Buffer;
}

/** Why framing stopped before `to`. */
export type FrameProblem = 'truncated' | 'checksum' | 'too-large';

/** Thrown by readFrames at the first frame that cannot be trusted. */
export class FrameError extends Error {
  override name = 'FrameError';
  constructor(readonly offset: number, readonly problem: FrameProblem) {
    super(`bad frame at offset ${offset}: ${problem}`);
  }
}

const CHUNK_BYTES = 1024 * 1024;

/** Yields the frames in [from, to); throws FrameError at the first untrustworthy one. */
export async function* readFrames(handle: FileHandle, from: number, to: number): AsyncGenerator<Frame> {
  let buffer = Buffer.alloc(0);
  let bufferStart = from; // file offset of buffer[0]
  let offset = from;
  while (offset < to) {
    const need = async (bytes: number): Promise<boolean> => {
      const have = bufferStart + buffer.length - offset;
      if (have >= bytes) return true;
      if (offset + bytes > to) return false;
      const keep = buffer.subarray(offset - bufferStart);
      const readBytes = Math.min(to - (bufferStart + buffer.length), Math.max(CHUNK_BYTES, bytes - have));
      const next = Buffer.allocUnsafe(keep.length + readBytes);
      keep.copy(next, 0);
      let filled = keep.length;
      while (filled < next.length) {
        const { bytesRead } = await handle.read(next, filled, next.length - filled, offset + filled);
        if (bytesRead === 0) break; // the file shrank under us
        filled += bytesRead;
      }
      buffer = next.subarray(0, filled);
      bufferStart = offset;
      return filled >= bytes;
    };
    if (!(await need(FRAME_HEADER_BYTES))) throw new FrameError(offset, 'truncated');
    const at = offset - bufferStart;
    const length = buffer.readUInt32LE(at);
    if (length > MAX_RECORD_BYTES) throw new FrameError(offset, 'too-large');
    if (!(await need(FRAME_HEADER_BYTES + length))) throw new FrameError(offset, 'truncated');
    const start = offset - bufferStart;
    const payload = buffer.subarray(start + FRAME_HEADER_BYTES, start + FRAME_HEADER_BYTES + length);
    if (frameChecksum(buffer.subarray(start, start + 4), payload) !== buffer.readUInt32LE(start + 4)) {
      throw new FrameError(offset, 'checksum');
    }
    const end = offset + FRAME_HEADER_BYTES + length;
    yield { offset, end, payload };
    offset = end;
  }
}
