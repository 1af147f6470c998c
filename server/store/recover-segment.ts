/**
 * Crash recovery for one segment file: verify every frame and cut off a torn
 * tail.
 *
 * Why truncating is safe: the log has at most MAX_WRITES_IN_FLIGHT batches
 * in flight, at consecutive offsets, and acknowledges a batch only once it and
 * every batch before it are durable, so a crash can only tear the batches in
 * flight at the end of the file, none of whose records were acknowledged. A
 * batch is at most MAX_BATCH_BYTES or one frame, so a bad frame with more than
 * TORN_TAIL_LIMIT bytes after its start is not a torn write but damage to
 * acknowledged data: that is reported as `corrupt` instead of being "repaired"
 * away.
 */
import type { FileHandle } from 'node:fs/promises';
import { MAX_RECORD_BYTES } from './room-store.ts';
import { RoomStoreError } from './room-store-error.ts';
import { FrameError, readFrames, type FrameProblem } from './read-frames.ts';
import { FRAME_HEADER_BYTES, SEGMENT_HEADER_BYTES, parseSegmentHeader } from './segment-frame.ts';

/** The most bytes one group-commit write puts in a batch (a larger single frame goes alone). */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
/** Group-commit batches one segment may have in flight at once (segment-log.ts). */
export const MAX_WRITES_IN_FLIGHT = 2;
/** The largest tail a crash can tear: the batches in flight, each one batch or one maximal frame. */
export const TORN_TAIL_LIMIT = MAX_WRITES_IN_FLIGHT * Math.max(MAX_BATCH_BYTES, FRAME_HEADER_BYTES + MAX_RECORD_BYTES);
/** Every INDEX_STRIDE-th record's offset is remembered, so reads seek instead of scanning. */
export const INDEX_STRIDE = 256;

/** What recovery found; `truncatedBytes > 0` means a torn tail was cut off. */
export interface RecoveredSegment {
  baseSeq: number;
  /** Valid records in the segment (after truncation). */
  count: number;
  /** Offset just past the last valid frame: the file's length after recovery. */
  size: number;
  /** index[k] is the offset of the record with seq baseSeq + k * INDEX_STRIDE. */
  index: number[];
  truncatedBytes: number;
  /** Why the tail was cut, when it was. */
  problem: FrameProblem | undefined;
}

/** Scans `handle` (a segment of `fileSize` bytes), truncates a torn tail, and fsyncs. */
export async function recoverSegment(handle: FileHandle, fileSize: number, describe: string): Promise<RecoveredSegment> {
  const header = Buffer.alloc(SEGMENT_HEADER_BYTES);
  const { bytesRead } = await handle.read(header, 0, SEGMENT_HEADER_BYTES, 0);
  // The header is written by temp + rename, so a short or foreign one is damage, not a tear.
  const baseSeq = bytesRead === SEGMENT_HEADER_BYTES ? parseSegmentHeader(header) : undefined;
  if (baseSeq === undefined) throw new RoomStoreError('corrupt', `${describe}: not a branchcast log segment (bad header)`);

  const index: number[] = [];
  let count = 0;
  let size = SEGMENT_HEADER_BYTES;
  let problem: FrameProblem | undefined;
  try {
    for await (const frame of readFrames(handle, SEGMENT_HEADER_BYTES, fileSize)) {
      if (count % INDEX_STRIDE === 0) index.push(frame.offset);
      count++;
      size = frame.end;
    }
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    problem = error.problem;
    if (fileSize - error.offset > TORN_TAIL_LIMIT) {
      throw new RoomStoreError('corrupt', `${describe}: ${error.problem} at offset ${error.offset} with ${fileSize - error.offset} bytes after it, more than a crash can tear; refusing to truncate acknowledged records`, { cause: error });
    }
  }
  if (size < fileSize) await handle.truncate(size);
  // Valid but never-fsynced frames of the last batch may sit in the page cache only:
  // make them durable before anyone reads (and acts on) them.
  await handle.datasync();
  return { baseSeq, count, size, index, truncatedBytes: fileSize - size, problem };
}
