/**
 * GET/HEAD /media/<path>: files under the media root with RFC 9110 range and
 * conditional semantics. The decisions are pure (media-path.ts,
 * media-decision.ts); this file is the thin uWS glue that carries them out.
 */
import type { HttpRequest, HttpResponse, TemplatedApp } from '../uws.ts';
import type { RouteModule, ServerContext } from '../server-context.ts';
import { watchAbort } from '../http/abort-watch.ts';
import { answerOptions } from '../http/preflight-route.ts';
import { readHeaders } from '../http/request-headers.ts';
import { errorBody } from '../http/error-body.ts';
import { sendJson, sendResponse, type HeaderList } from '../http/send-response.ts';
import type { MediaRequest } from './media-decision.ts';
import { MediaExchange } from './media-exchange.ts';
import { MediaFileCache } from './media-file-cache.ts';
import { parseMediaPath } from './media-path.ts';

const HEADER_NAMES = ['origin', 'host', 'range', 'if-range', 'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since'] as const;
const ALLOW: HeaderList = [['Allow', 'GET, HEAD, OPTIONS']];

/** Registers the media routes; the returned module closes cached file descriptors. */
export function registerMedia(app: TemplatedApp, ctx: ServerContext): RouteModule {
  const files = new MediaFileCache(ctx.config.mediaDir, { now: ctx.now });

  const handler = (method: 'GET' | 'HEAD') => (res: HttpResponse, req: HttpRequest) => {
    // Copy everything out of req now: it is invalid after the first await.
    const url = req.getUrl();
    const h = readHeaders(req, HEADER_NAMES);
    const cors = ctx.cors.responseHeaders(h.origin, h.host);
    const path = parseMediaPath(url);
    if (!path.ok) {
      sendJson(res, path.status, cors, errorBody(path.status === 400 ? 'invalid' : 'not-found', path.reason), method === 'HEAD');
      return;
    }
    const request: MediaRequest = {
      method,
      range: h.range,
      ifRange: h['if-range'],
      ifMatch: h['if-match'],
      ifNoneMatch: h['if-none-match'],
      ifModifiedSince: h['if-modified-since'],
      ifUnmodifiedSince: h['if-unmodified-since'],
    };
    const exchange = new MediaExchange(res, request, cors, watchAbort(res) /* before any await */, ctx.inFlight.begin(), ctx);
    const opened = files.open(path.segments);
    // A fresh cached file comes back synchronously: answer within the handler.
    if (!(opened instanceof Promise)) return exchange.answer(opened);
    opened.then(
      (result) => exchange.answerLater(result),
      (error: unknown) => exchange.failLater(error, url),
    );
  };

  app.get('/media/*', handler('GET'));
  app.head('/media/*', handler('HEAD'));
  app.any('/media/*', (res, req) => {
    // uWS prefers this more specific pattern over the global OPTIONS handler.
    if (req.getMethod() === 'options') return answerOptions(res, req, ctx.cors, ALLOW);
    const h = readHeaders(req, ['origin', 'host']);
    sendResponse(res, 405, [...ALLOW, ...ctx.cors.responseHeaders(h.origin, h.host)], 'method not allowed\n');
  });

  return { close: () => files.close() };
}
