/**
 * Errors caught at a boundary (a socket or request handler, a cluster
 * channel) so that one client's input cannot take the process down.
 *
 * Containment is not a licence to swallow bugs: every contained error is
 * counted in /metrics (`branchcast_contained_errors_total{boundary}`), logged
 * with where it happened, and, when BRANCHCAST_CONTAINED_ERRORS_FILE names a
 * file, appended to it as one JSON line. The test suite sets that variable
 * and fails the run if anything was written (test/support/contained-errors-setup.ts).
 *
 * Logging is bounded: the first occurrence of an error (boundary + message)
 * is logged with its stack; repeats are summed and logged at most once per
 * `repeatLogMs` with their count, so a flood cannot fill the disk.
 */
import { appendFileSync } from 'node:fs';
import type { MetricRegistry } from '../metrics/metric-registry.ts';
import type { Logger } from '../log/logger.ts';

/** Where an error was caught. */
export type ContainmentBoundary =
  | 'ws-upgrade'
  | 'ws-open'
  | 'ws-message'
  | 'ws-drain'
  | 'ws-close'
  | 'ws-join'
  | 'ws-command'
  | 'http'
  | 'cluster-bus'
  | 'cluster-records'
  | 'room-timer'
  | 'media-job'
  | 'process';

/** What is known about the client or room an error belongs to. */
export interface ContainmentContext {
  room?: string | undefined;
  conn?: string | undefined;
  route?: string | undefined;
}

/** One contained error, as handed to `onContained` and written to the errors file. */
export interface ContainedErrorReport extends ContainmentContext {
  boundary: ContainmentBoundary;
  error: string;
  at: number;
}

export interface ContainedErrors {
  /** Counts and logs `error`, caught at `boundary`. Never throws. */
  report(boundary: ContainmentBoundary, error: unknown, where?: ContainmentContext): void;
  /** Contained errors so far, per boundary (also on /metrics). */
  count(boundary?: ContainmentBoundary): number;
}

export interface ContainedErrorsOptions {
  metrics: MetricRegistry;
  log: Logger;
  now: () => number;
  /**
   * Receives every report. Defaults to appending to the file named by
   * BRANCHCAST_CONTAINED_ERRORS_FILE (if set); tests that inject faults on
   * purpose pass their own so the run's errors file stays empty.
   */
  onContained?: (report: ContainedErrorReport) => void;
  repeatLogMs?: number;
}

export const ERRORS_FILE_ENV = 'BRANCHCAST_CONTAINED_ERRORS_FILE';

export function createContainedErrors(options: ContainedErrorsOptions): ContainedErrors {
  const counter = options.metrics.counter({
    name: 'branchcast_contained_errors_total',
    help: 'Exceptions caught at a socket, request or cluster-channel boundary instead of reaching the process (each one is a bug to fix).',
    labelNames: ['boundary'],
  });
  const totals = new Map<ContainmentBoundary, number>();
  const repeatLogMs = options.repeatLogMs ?? 60_000;
  const repeats = new Map<string, { suppressed: number; lastLogged: number }>();
  const onContained = options.onContained ?? appendToErrorsFile;

  return {
    report(boundary, error, where = {}) {
      try {
        counter.labels({ boundary }).inc();
        totals.set(boundary, (totals.get(boundary) ?? 0) + 1);
        const now = options.now();
        const message = describeError(error);
        const place = [where.room && `room ${where.room}`, where.conn && `conn ${where.conn}`, where.route && `route ${where.route}`].filter(Boolean).join(', ');
        const key = `${boundary}\u0000${message}`;
        const seen = repeats.get(key);
        if (!seen) {
          if (repeats.size > 1000) repeats.clear();
          repeats.set(key, { suppressed: 0, lastLogged: now });
          options.log.error({ ...where, boundary, stack: stackOf(error) }, `contained error at ${boundary}${place ? ` (${place})` : ''}: ${message}`);
        } else if (now - seen.lastLogged >= repeatLogMs) {
          options.log.error({ ...where, boundary, count: seen.suppressed + 1 }, `contained error at ${boundary}${place ? ` (${place})` : ''}: ${message} (${seen.suppressed + 1} times in ${Math.round((now - seen.lastLogged) / 1000)} s)`);
          seen.suppressed = 0;
          seen.lastLogged = now;
        } else {
          seen.suppressed += 1;
        }
        onContained({ boundary, error: message, at: now, ...where });
      } catch {
        // Reporting must never become the next exception at the boundary.
      }
    },
    count(boundary) {
      if (boundary !== undefined) return totals.get(boundary) ?? 0;
      let sum = 0;
      for (const n of totals.values()) sum += n;
      return sum;
    },
  };
}

function appendToErrorsFile(report: ContainedErrorReport): void {
  const file = process.env[ERRORS_FILE_ENV];
  if (file) appendFileSync(file, `${JSON.stringify({ pid: process.pid, ...report })}\n`);
}

/** A one-line description that never serialises an arbitrary value (it may be huge or hostile). */
function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 500)}`;
  return `thrown ${typeof error}`;
}

function stackOf(error: unknown): string | undefined {
  return error instanceof Error && typeof error.stack === 'string' ? error.stack.slice(0, 4000) : undefined;
}
