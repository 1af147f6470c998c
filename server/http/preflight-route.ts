/**
 * OPTIONS for every path: CORS preflights, and plain OPTIONS (which tus
 * clients use for discovery). A route module that registers its own OPTIONS
 * handler (uWS prefers the more specific pattern) should call answerOptions
 * from it, passing its extra headers (e.g. Tus-Version).
 */
import type { HttpRequest, HttpResponse, TemplatedApp } from '../uws.ts';
import type { ServerContext } from '../server-context.ts';
import type { CorsPolicy } from './cors-policy.ts';
import { CORS_ALLOW_METHODS } from './cors-headers.ts';
import { readHeaders } from './request-headers.ts';
import { sendResponse, type HeaderList } from './send-response.ts';

const ALLOW: HeaderList = [['Allow', CORS_ALLOW_METHODS.join(', ')]];

/**
 * Answers an OPTIONS request synchronously. A preflight (it carries
 * Access-Control-Request-Method) from an allowed origin gets 204 with the
 * preflight headers; from any other origin 403. A plain OPTIONS gets 204
 * with `Allow`, the ordinary CORS headers and `extraHeaders`.
 */
export function answerOptions(res: HttpResponse, req: HttpRequest, cors: CorsPolicy, extraHeaders: HeaderList = []): void {
  const h = readHeaders(req, ['origin', 'host', 'access-control-request-method']);
  if (h.origin !== undefined && h['access-control-request-method'] !== undefined) {
    const preflight = cors.preflightHeaders(h.origin, h.host);
    if (preflight === undefined) {
      sendResponse(res, 403, [['Vary', 'Origin'], ['Content-Type', 'text/plain; charset=utf-8']], 'origin not allowed\n');
      return;
    }
    sendResponse(res, 204, [...preflight, ...extraHeaders]);
    return;
  }
  sendResponse(res, 204, [...ALLOW, ...cors.responseHeaders(h.origin, h.host), ...extraHeaders]);
}

/** Registers the catch-all OPTIONS handler. */
export function registerPreflight(app: TemplatedApp, ctx: ServerContext): void {
  app.options('/*', (res, req) => answerOptions(res, req, ctx.cors));
}
