/**
 * One room's open log segment: appends with group commit, the sparse read
 * index, and what a reader may see.
 *
 * Group commit: up to MAX_WRITES_IN_FLIGHT batches (each one write + fsync,
 * or one O_DSYNC write) are in flight per segment, at consecutive offsets.
 * Appends that arrive meanwhile queue up and go out together in the next
 * batch, so 100 concurrent callers cost a handful of fsyncs instead of 100.
 * With two in flight, the disk syncs one batch while the next is written,
 * instead of idling while the room prepares it (issue 18). Batches settle in
 * file order: seqs are assigned, and appends resolve, only once a batch and
 * every batch before it are durable, so `durableSeq` never runs ahead of the
 * disk and a failed batch leaves no holes (a later batch that did reach the
 * disk sits behind the failed one, unacknowledged, and recovery cuts both).
 *
 * After a write or fsync error the segment is poisoned: every pending and later
 * append rejects with `io`. The file's state after a failed fsync is unknown
 * (the kernel may have dropped the dirty pages), so only a reopen, which
 * re-verifies the file, may append again.
 */
import type { FileHandle } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { RoomStoreError } from './room-store-error.ts';
import { INDEX_STRIDE, MAX_BATCH_BYTES, MAX_WRITES_IN_FLIGHT, type RecoveredSegment } from './recover-segment.ts';
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
  /** Frames already placed in a batch (in flight or written). */
  placed: number;
  seqs: number[];
  resolve(seqs: number[]): void;
  reject(error: unknown): void;
}

/** A group-commit write: where it goes, what it carries, and whether it returned. */
interface Batch {
  buffers: Buffer[];
  offset: number;
  bytes: number;
  placed: PendingAppend[];
  written: boolean;
  fsyncMs: number;
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
  /** The end of the durable frames: what readers may see. */
  let size = recovered.size;
  /** Where the next batch goes: past every batch written or in flight. */
  let reservedEnd = recovered.size;
  let queue: PendingAppend[] = [];
  /** Batches in flight, in file order; they settle in that order whatever order their writes return in. */
  const inFlight: Batch[] = [];
  /** Writes not yet returned, failed ones included: close() waits for them. */
  let outstanding = 0;
  let pumpQueued = false;
  let failure: RoomStoreError | undefined;
  let closing = false;
  let whenIdle: Array<() => void> = [];

  /**
   * Starts batches while fewer than MAX_WRITES_IN_FLIGHT are in flight. Runs on
   * a tick: when a settled batch's callers (promise reactions) append again,
   * the tick runs once those reactions have all run, so they share a batch, and
   * before what they queued for later (the room socket's ACK writes, one
   * syscall per socket), so the next write is under way while those go out.
   */
  function schedulePump(): void {
    if (pumpQueued) return;
    pumpQueued = true;
    process.nextTick(pump);
  }

  function pump(): void {
    pumpQueued = false;
    while (inFlight.length < MAX_WRITES_IN_FLIGHT && failure === undefined) {
      const batch = nextBatch();
      if (!batch) break;
      inFlight.push(batch);
      void write(batch);
    }
    if (outstanding === 0 && (failure !== undefined || queue.every((p) => p.placed === p.frames.length))) {
      const waiting = whenIdle;
      whenIdle = [];
      for (const resolve of waiting) resolve();
    }
  }

  /** The frames not yet in a batch, up to the batch cap, at the next free offset. */
  function nextBatch(): Batch | undefined {
    const batch: Batch = { buffers: [], offset: reservedEnd, bytes: 0, placed: [], written: false, fsyncMs: 0 };
    fill: for (const pending of queue) {
      while (pending.placed < pending.frames.length) {
        const frame = pending.frames[pending.placed] as Buffer;
        // The cap bounds what a crash can tear (recover-segment.ts relies on it).
        if (batch.bytes > 0 && batch.bytes + frame.length > MAX_BATCH_BYTES) break fill;
        batch.buffers.push(frame);
        batch.placed.push(pending);
        batch.bytes += frame.length;
        pending.placed++;
      }
    }
    if (batch.bytes === 0) return undefined;
    reservedEnd += batch.bytes;
    return batch;
  }

  async function write(batch: Batch): Promise<void> {
    outstanding++;
    try {
      // With O_DSYNC the write is the sync, so fsyncMs is the write's time; else the datasync's.
      let started = performance.now();
      await writeAllAt(handle, batch.buffers, batch.offset);
      if (!writesAreDurable) {
        started = performance.now();
        await handle.datasync();
      }
      batch.fsyncMs = performance.now() - started;
      batch.written = true;
    } catch (error) {
      poison(error);
    } finally {
      outstanding--;
    }
    settle();
  }

  /** Gives seqs to the written batches at the head, in file order, and resolves the appends they complete. */
  function settle(): void {
    while (failure === undefined && inFlight.length > 0 && (inFlight[0] as Batch).written) {
      const batch = inFlight.shift() as Batch;
      let offset = batch.offset;
      for (const [i, pending] of batch.placed.entries()) {
        const seq = nextSeq++;
        if ((seq - baseSeq) % INDEX_STRIDE === 0) index.push(offset);
        pending.seqs.push(seq);
        offset += (batch.buffers[i] as Buffer).length;
      }
      size += batch.bytes;
      while (queue.length > 0 && (queue[0] as PendingAppend).seqs.length === (queue[0] as PendingAppend).frames.length) {
        const done = queue.shift() as PendingAppend;
        done.resolve(done.seqs);
      }
      try {
        onCommit?.({ room, records: batch.placed.length, bytes: batch.bytes, fsyncMs: batch.fsyncMs });
      } catch {
        // A metrics hook must not take the log down.
      }
    }
    schedulePump();
  }

  /** A write or sync failed: nothing in flight or queued gets a seq, and no later append is taken. */
  function poison(error: unknown): void {
    if (failure !== undefined) return;
    failure = new RoomStoreError('io', `room ${room}: writing the log failed; the room accepts no appends until the store is reopened`, { cause: error });
    for (const pending of queue) pending.reject(failure);
    queue = [];
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
        schedulePump();
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
      await new Promise<void>((resolve) => {
        whenIdle.push(resolve);
        schedulePump();
      });
      await handle.close();
    },
  };
}
