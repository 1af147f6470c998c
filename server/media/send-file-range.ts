/**
 * Sends bytes `[start, end]` of an open file as the body of a uWS response,
 * with flat memory: one reusable buffer per response, filled by positional
 * fd reads and handed to `res.tryEnd`, which writes only what the socket takes
 * now. When it takes less, we stop reading and wait for onWritable to send
 * the rest (uWebSockets.js examples/VideoStreamer.js). uWS closes a
 * connection whose client stops reading, which arrives here as an abort.
 *
 * uWS rules that bite here: every write after an await goes inside
 * `res.cork()`; `res` must never be touched after an abort or once the
 * response is done. The caller registered onAborted (`abort`) already.
 */
import { read, readSync } from 'node:fs';
import type { AbortWatch } from '../http/abort-watch.ts';
import type { HttpResponse } from '../uws.ts';

/** Read size; also the most body memory one response holds. */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Reads up to this size are done synchronously. For a page-cached file that
 * is a memcpy of microseconds, while a thread-pool round trip cost most of the
 * CPU of a 1 KB range request (bench/RESULTS.md). A cold read can block the
 * loop for one disk access, as nginx's reads do without aio; anything larger
 * goes through the thread pool.
 */
export const SYNC_READ_MAX_BYTES = 64 * 1024;

export type SendOutcome = 'done' | 'aborted' | 'failed';

export interface FileRangeJob {
  res: HttpResponse;
  fd: number;
  /** Inclusive byte range; `end >= start`. */
  start: number;
  end: number;
  abort: AbortWatch;
  /** Writes status line and headers (not Content-Length: tryEnd adds it). */
  writeHead(res: HttpResponse): void;
  /** Answers the request instead when reading fails before anything was sent. */
  writeError(res: HttpResponse, error: Error): void;
  /** Called exactly once, after the last read has returned; release the fd here. */
  finish(outcome: SendOutcome, error?: Error): void;
}

/** Starts sending; progress continues on fs callbacks and uWS writable events. */
export function sendFileRange(job: FileRangeJob): void {
  new FileRangeSender(job).start();
}

// A class so a hot 1 KB request allocates one object, not a handful of closures.
class FileRangeSender {
  private readonly total: number;
  private readonly buffer: Buffer;
  private position: number;
  private headSent = false;
  private reading = false;
  private finished = false;
  private outcome: { kind: SendOutcome; error?: Error | undefined } | undefined = undefined;
  /** A chunk the socket did not take completely, and the write offset it started at. */
  private pending: { chunk: Uint8Array; base: number } | undefined = undefined;

  constructor(private readonly job: FileRangeJob) {
    this.total = job.end - job.start + 1;
    this.position = job.start;
    this.buffer = Buffer.allocUnsafe(Math.min(this.total, CHUNK_BYTES));
  }

  start(): void {
    this.job.abort.onAbort(() => this.settle('aborted'));
    this.job.res.onWritable(this.onWritable);
    this.pump();
  }

  private pump(): void {
    const length = Math.min(this.buffer.length, this.job.end + 1 - this.position);
    this.reading = true;
    if (length > SYNC_READ_MAX_BYTES) {
      read(this.job.fd, this.buffer, 0, length, this.position, this.onRead);
      return;
    }
    let bytesRead = 0;
    try {
      bytesRead = readSync(this.job.fd, this.buffer, 0, length, this.position);
    } catch (error) {
      this.onRead(error instanceof Error ? error : new Error(String(error)), 0);
      return;
    }
    this.onRead(null, bytesRead);
  }

  private readonly onRead = (error: Error | null, bytesRead: number): void => {
    this.reading = false;
    if (this.outcome !== undefined) return this.settle(this.outcome.kind, this.outcome.error);
    if (error) return this.fail(error);
    // The file shrank under us (truncated in place): we cannot deliver what we promised.
    if (bytesRead === 0) return this.fail(new Error(`unexpected end of file at byte ${this.position}`));
    this.position += bytesRead;
    this.chunk = this.buffer.subarray(0, bytesRead);
    this.job.res.cork(this.writeChunk);
    if (this.chunkResult === 'done') this.settle('done');
    else if (this.chunkResult === 'sent') this.pump();
  };

  /** The chunk just read, and what happened when it was handed to uWS. */
  private chunk: Uint8Array = new Uint8Array(0);
  private chunkResult: 'sent' | 'done' | 'pending' = 'sent';

  // Runs corked: headers (first time) and the chunk leave in one write.
  private readonly writeChunk = (): void => {
    const { res } = this.job;
    if (!this.headSent) {
      this.job.writeHead(res);
      this.headSent = true;
    }
    const base = res.getWriteOffset();
    const [ok, done] = res.tryEnd(this.chunk, this.total);
    if (done) this.chunkResult = 'done';
    else if (ok) this.chunkResult = 'sent';
    else {
      this.chunkResult = 'pending';
      this.pending = { chunk: this.chunk, base };
    }
  };

  private readonly onWritable = (writeOffset: number): boolean => {
    if (this.pending === undefined || this.outcome !== undefined) return true;
    const { chunk, base } = this.pending;
    const [ok, done] = this.job.res.tryEnd(chunk.subarray(writeOffset - base), this.total);
    if (done) {
      this.pending = undefined;
      this.settle('done');
    } else if (ok) {
      this.pending = undefined;
      this.pump();
    }
    return ok;
  };

  private fail(error: Error): void {
    // Record the outcome first: res.close() fires onAborted synchronously.
    this.outcome ??= { kind: 'failed', error };
    const { res } = this.job;
    if (!this.headSent) {
      res.cork(() => this.job.writeError(res, error));
    } else {
      // Content-Length is already promised: cutting the connection is the only honest signal.
      res.close();
    }
    this.settle('failed', error);
  }

  private settle(kind: SendOutcome, error?: Error): void {
    this.outcome ??= { kind, error };
    // Never hand the fd back while a read on it is still in the thread pool.
    if (this.reading || this.finished) return;
    this.finished = true;
    this.job.finish(this.outcome.kind, this.outcome.error);
  }
}
