/**
 * One room's open log segment: appends with group commit, the sparse read
 * index, and what a reader may see.
 *
 * Group commit: at most one write + fsync (or one O_DSYNC write) is in flight per segment. Appends
 * that arrive meanwhile queue up and go out together in the next batch, so
 * 100 concurrent callers cost a handful of fsyncs instead of 100. Seqs are
 * assigned only once a batch is durable, so `durableSeq` never runs ahead of
 * the disk and a failed batch leaves no holes.
 *
 * After a write or fsync error the segment is poisoned: every pending and later
 * append rejects with `io`. The file's state after a failed fsync is unknown
 * (the kernel may have dropped the dirty pages), so only a reopen, which
 * re-verifies the file, may append again.
 */
import type { FileHandle } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { RoomStoreError } from './room-store-error.ts';
import { INDEX_STRIDE, MAX_BATCH_BYTES, type RecoveredSegment } from './recover-segment.ts';
import { encodeFrame } from './segment-frame.ts';
import { writeAllAt } from '../disk/write-all-at.ts';

/** What one group commit wrote; feed `fsyncMs` to an fsync-latency histogram. */
export interface CommitInfo {
  room: string;
  records: number;
  bytes: number;
  fsyncMs: number;
}

/** Where a read starts and stops: the durable bytes of the segment as of the call. */
export interface ReadPlan {
  path: string;
  /** Offset of the first frame to parse, and the seq of that frame. */
  offset: number;
  seq: number;
  /** Offset past the last durable frame. */
  end: number;
}

export interface SegmentLog {
  /** The last durable seq (0 when empty). */
  durableSeq(): number;
  /** Queues `records` for the next batch. Rejects with LogRetiredError once close() began. */
  append(records: readonly Uint8Array[]): Promise<number[]>;
  /** Where to read records after `afterSeq`, or undefined when there are none yet. */
  readPlan(afterSeq: number): ReadPlan | undefined;
  /** Lets queued appends finish, then closes the file. */
  close(): Promise<void>;
}

/** The segment is closing (its room is being deleted or the store closed): open it again. */
export class LogRetiredError extends Error {
  override name = 'LogRetiredError';
}

interface PendingAppend {
  /** Whole frames (header + payload in one buffer). */
  frames: Buffer[];
  /** Frames already placed in a batch. */
  placed: number;
  seqs: number[];
  resolve(seqs: number[]): void;
  reject(error: unknown): void;
}

/**
 * Wraps an open, recovered segment file. `onCommit` runs after each durable batch.
 * `writesAreDurable`: the file was opened O_DSYNC, so a write that returned is
 * on the disk and the batch needs no datasync of its own.
 */
export function createSegmentLog(
  room: string,
  path: string,
  handle: FileHandle,
  recovered: RecoveredSegment,
  onCommit: ((info: CommitInfo) => void) | undefined,
  writesAreDurable = false,
): SegmentLog {
  const { baseSeq, index } = recovered;
  let nextSeq = baseSeq + recovered.count;
  let size = recovered.size;
  let queue: PendingAppend[] = [];
  /** Set and cleared synchronously, so an append never slips between "queue empty" and "loop done". */
  let flushing = false;
  let drained: Promise<void> = Promise.resolve();
  let failure: RoomStoreError | undefined;
  let closing = false;

  /** Writes batches until the queue is empty; `flushing` drops in the same turn as that check. */
  async function flushLoop(): Promise<void> {
    // Let this turn's other callers (typically every caller the last batch just
    // released, through promise reactions) queue up first, or the next batch would
    // carry one record. A tick runs once those reactions have all run, and before
    // what they queued for later (the room socket's ACK writes, one syscall per
    // socket): the next commit's write is under way while the last one's answers
    // go out, instead of waiting behind them (issue 18).
    await new Promise<void>((resolve) => process.nextTick(resolve));
    for (;;) {
      if (queue.length === 0 || failure !== undefined) {
        flushing = false;
        return;
      }
      const buffers: Buffer[] = [];
      const offsets: Array<{ pending: PendingAppend; offset: number }> = [];
      let bytes = 0;
      fill: for (const pending of queue) {
        while (pending.placed < pending.frames.length) {
          const frame = pending.frames[pending.placed] as Buffer;
          const frameBytes = frame.length;
          // The cap bounds what a crash can tear (recover-segment.ts relies on it).
          if (bytes > 0 && bytes + frameBytes > MAX_BATCH_BYTES) break fill;
          buffers.push(frame);
          offsets.push({ pending, offset: size + bytes });
          bytes += frameBytes;
          pending.placed++;
        }
      }
      let fsyncMs: number;
      try {
        // With O_DSYNC the write is the sync, so fsyncMs is the write's time; else the datasync's.
        let started = performance.now();
        await writeAllAt(handle, buffers, size);
        if (!writesAreDurable) {
          started = performance.now();
          await handle.datasync();
        }
        fsyncMs = performance.now() - started;
      } catch (error) {
        failure = new RoomStoreError('io', `room ${room}: writing the log failed; the room accepts no appends until the store is reopened`, { cause: error });
        for (const pending of queue) pending.reject(failure);
        queue = [];
        continue;
      }
      for (const { pending, offset } of offsets) {
        const seq = nextSeq++;
        if ((seq - baseSeq) % INDEX_STRIDE === 0) index.push(offset);
        pending.seqs.push(seq);
      }
      size += bytes;
      while (queue.length > 0 && (queue[0] as PendingAppend).seqs.length === (queue[0] as PendingAppend).frames.length) {
        const done = queue.shift() as PendingAppend;
        done.resolve(done.seqs);
      }
      try {
        onCommit?.({ room, records: offsets.length, bytes, fsyncMs });
      } catch {
        // A metrics hook must not take the log down.
      }
    }
  }

  return {
    durableSeq: () => nextSeq - 1,

    append(records) {
      if (closing) return Promise.reject(new LogRetiredError(`room ${room}: log closing`));
      if (failure !== undefined) return Promise.reject(failure);
      if (records.length === 0) return Promise.resolve([]);
      // Copy now: the caller may reuse its buffers before the batch is written,
      // and the checksum must match the bytes that reach the disk.
      const frames = records.map(encodeFrame);
      return new Promise<number[]>((resolve, reject) => {
        queue.push({ frames, placed: 0, seqs: [], resolve, reject });
        if (!flushing) {
          flushing = true;
          drained = flushLoop();
        }
      });
    },

    readPlan(afterSeq) {
      if (afterSeq >= nextSeq - 1) return undefined;
      const startSeq = Math.max(afterSeq + 1, baseSeq);
      const k = Math.floor((startSeq - baseSeq) / INDEX_STRIDE);
      return { path, offset: index[k] as number, seq: baseSeq + k * INDEX_STRIDE, end: size };
    },

    async close() {
      closing = true;
      await drained;
      await handle.close();
    },
  };
}
