/**
 * Rate-limits a failure that repeats (a Redis outage fails every sweep and
 * renewal, several times a second): the first occurrence is logged with its
 * error, then at most one summary per window ("Redis unreachable, 412 times
 * in 60 s"), and one "recovered" line when it stops. No timer of its own: a
 * summary is written by the failure that closes a window, so a quiet failure
 * writes nothing more.
 */
import type { LogFields, Logger } from './logger.ts';

export interface RepeatLimiterOptions {
  log: Logger;
  /** What is failing, e.g. "Redis unreachable" (the first line and each summary start with it). */
  what: string;
  /** Written once the failure stops, e.g. "Redis reachable again". */
  recovered: string;
  /** At most one summary this often (default 60 s). */
  windowMs?: number;
  now?: () => number;
}

export interface RepeatLimiter {
  /** One more failure: logged, counted into the window's summary, or counted silently. */
  failed(error: unknown, fields?: LogFields): void;
  /** The thing works again: if it was failing, says so once, with how long and how often. */
  succeeded(): void;
  /** Whether the last report was a failure. */
  readonly failing: boolean;
}

export function createRepeatLimiter(options: RepeatLimiterOptions): RepeatLimiter {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 60_000;
  let since: number | undefined; // when the current run of failures began
  let total = 0;
  let windowStart = 0;
  let inWindow = 0; // failures since the last line written

  return {
    failed(error, fields = {}) {
      const at = now();
      total += 1;
      if (since === undefined) {
        since = at;
        windowStart = at;
        inWindow = 0;
        options.log.warn({ ...fields, err: error }, options.what);
        return;
      }
      inWindow += 1;
      if (at - windowStart < windowMs) return;
      const seconds = Math.round((at - windowStart) / 1000);
      options.log.warn({ ...fields, count: inWindow, windowSeconds: seconds, err: error }, `${options.what}, ${inWindow} times in ${seconds} s`);
      windowStart = at;
      inWindow = 0;
    },
    succeeded() {
      if (since === undefined) return;
      const seconds = Math.round((now() - since) / 1000);
      options.log.info({ failures: total, downSeconds: seconds }, `${options.recovered} (after ${total} failures in ${seconds} s)`);
      since = undefined;
      total = 0;
    },
    get failing() {
      return since !== undefined;
    },
  };
}
