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
  /** Writes status line and headers (not Content-Length: tryEnd/end add it). */
  writeHead(res: HttpResponse): void;
  /** Answers the request instead when reading fails before anything was sent. */
  writeError(res: HttpResponse, error: Error): void;
  /** Called exactly once, after the last read has returned; release the fd here. */
  finish(outcome: SendOutcome, error?: Error): void;
}

/** Starts sending; progress continues on fs callbacks and uWS writable events. */
export function sendFileRange(job: FileRangeJob): void {
  const { res, fd, end, abort } = job;
  const total = end - job.start + 1;
  const buffer = Buffer.allocUnsafe(Math.min(total, CHUNK_BYTES));
  let position = job.start;
  let headSent = false;
  let reading = false;
  let outcome: { kind: SendOutcome; error?: Error } | undefined;
  let finished = false;
  // A chunk the socket did not take completely, and the write offset it started at.
  let pending: { chunk: Uint8Array; base: number } | undefined;

  const settle = (kind: SendOutcome, error?: Error): void => {
    outcome ??= error === undefined ? { kind } : { kind, error };
    // Never hand the fd back while a read on it is still in the thread pool.
    if (reading || finished) return;
    finished = true;
    job.finish(outcome.kind, outcome.error);
  };

  abort.onAbort(() => settle('aborted'));

  const fail = (error: Error): void => {
    // Record the outcome first: res.close() fires onAborted synchronously.
    outcome ??= { kind: 'failed', error };
    if (!headSent) {
      res.cork(() => job.writeError(res, error));
    } else {
      // Content-Length is already promised: cutting the connection is the only honest signal.
      res.close();
    }
    settle('failed', error);
  };

  res.onWritable((writeOffset) => {
    if (pending === undefined || outcome !== undefined) return true;
    const { chunk, base } = pending;
    const [ok, done] = res.tryEnd(chunk.subarray(writeOffset - base), total);
    if (done) {
      pending = undefined;
      settle('done');
    } else if (ok) {
      pending = undefined;
      pump();
    }
    return ok;
  });

  const onRead = (error: Error | null, bytesRead: number): void => {
    reading = false;
    if (outcome !== undefined) return settle(outcome.kind, outcome.error);
    if (error) return fail(error);
    // The file shrank under us (truncated in place): we cannot deliver what we promised.
    if (bytesRead === 0) return fail(new Error(`unexpected end of file at byte ${position}`));
    position += bytesRead;
    const chunk = buffer.subarray(0, bytesRead);
    let ok = false;
    let done = false;
    res.cork(() => {
      if (!headSent) {
        job.writeHead(res);
        headSent = true;
      }
      const base = res.getWriteOffset();
      [ok, done] = res.tryEnd(chunk, total);
      if (!ok && !done) pending = { chunk, base };
    });
    if (done) settle('done');
    else if (ok) pump();
  };

  const pump = (): void => {
    const length = Math.min(buffer.length, end + 1 - position);
    reading = true;
    if (length > SYNC_READ_MAX_BYTES) return read(fd, buffer, 0, length, position, onRead);
    let bytesRead = 0;
    try {
      bytesRead = readSync(fd, buffer, 0, length, position);
    } catch (error) {
      return onRead(error instanceof Error ? error : new Error(String(error)), 0);
    }
    onRead(null, bytesRead);
  };

  pump();
}
