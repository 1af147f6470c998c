import type { HttpResponse } from '../uws.ts';

/**
 * Registers the response's one onAborted handler and exposes it as an
 * AbortSignal. Call it before the first await: uWS crashes the process when a
 * handler returns without responding or attaching an abort handler, and
 * touching `res` after an abort is forbidden — check `signal.aborted` after
 * every await.
 */
export function abortSignalFor(res: HttpResponse): AbortSignal {
  const controller = new AbortController();
  res.onAborted(() => controller.abort());
  return controller.signal;
}
