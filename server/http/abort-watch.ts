import type { HttpResponse } from '../uws.ts';

/** Whether the client went away, plus one listener slot. */
export interface AbortWatch {
  readonly aborted: boolean;
  /** Runs `listener` once when the client aborts (at once if it already has). */
  onAbort(listener: () => void): void;
}

/**
 * Registers the response's one onAborted handler. Like abortSignalFor, but
 * without an AbortController, whose construction showed up in profiles of
 * 1 KB range requests. Call it before the first await, and check `aborted`
 * after every await: touching `res` after an abort is forbidden.
 */
export function watchAbort(res: HttpResponse): AbortWatch {
  let aborted = false;
  let listener: (() => void) | undefined;
  res.onAborted(() => {
    aborted = true;
    const run = listener;
    listener = undefined;
    run?.();
  });
  return {
    get aborted() {
      return aborted;
    },
    onAbort(fn) {
      if (aborted) fn();
      else listener = fn;
    },
  };
}
