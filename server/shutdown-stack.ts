import type { Logger } from './log/logger.ts';
import type { RouteModule } from './server-context.ts';

/**
 * What the composition root opened, closed in the reverse order: routes
 * before the stores they write to, the backend last. One failing close is
 * logged and the rest still close, so a stuck ffmpeg never leaves a room log
 * open.
 */
export interface ShutdownStack {
  /** Remembers something to close; `undefined` (a route module with nothing to release) is skipped. */
  push(closable: RouteModule | void): void;
  /** Closes everything pushed, newest first, one at a time; safe to call more than once. */
  close(): Promise<void>;
}

export function createShutdownStack(log: Logger): ShutdownStack {
  const stack: RouteModule[] = [];
  return {
    push(closable) {
      if (closable !== undefined) stack.push(closable);
    },
    async close() {
      for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
        try {
          await next.close();
        } catch (error) {
          log.error({ err: error }, 'shutdown: a module failed to close');
        }
      }
    },
  };
}
