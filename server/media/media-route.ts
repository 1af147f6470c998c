/**
 * GET/HEAD /media/<path>: files under the media root with RFC 9110 range and
 * conditional semantics. The decisions are pure (media-path.ts,
 * media-decision.ts); this file is the thin uWS glue that carries them out.
 */
import type { HttpRequest, HttpResponse, TemplatedApp } from '../uws.ts';
import type { RouteModule, ServerContext } from '../server-context.ts';
import { watchAbort, type AbortWatch } from '../http/abort-watch.ts';
import { answerOptions } from '../http/preflight-route.ts';
import { readHeaders } from '../http/request-headers.ts';
import { endWithoutBody, sendJson, sendResponse, writeHead, type HeaderList } from '../http/send-response.ts';
import { decideMediaResponse, type MediaDecision, type MediaRequest } from './media-decision.ts';
import { MediaFileCache, type MediaFile, type OpenMediaResult } from './media-file-cache.ts';
import { parseMediaPath } from './media-path.ts';
import { cacheControlFor, contentTypeFor } from './media-type.ts';
import { sendFileRange } from './send-file-range.ts';

const HEADER_NAMES = ['origin', 'host', 'range', 'if-range', 'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since'] as const;
const NOSNIFF: HeaderList = [['X-Content-Type-Options', 'nosniff']];
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
      sendJson(res, path.status, cors, { error: path.status === 400 ? 'bad_request' : 'not_found', message: path.reason });
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
    const abort = watchAbort(res); // before any await
    const done = ctx.inFlight.begin();
    const answer = (result: OpenMediaResult): void => {
      if (result.ok) return respond(res, request, result.file, cors, abort, done);
      sendJson(res, result.status, cors, { error: result.status === 400 ? 'bad_request' : 'not_found', message: 'no such media file' });
      done();
    };
    const opened = files.open(path.segments);
    // A fresh cached file comes back synchronously: answer within the handler.
    if (!(opened instanceof Promise)) return answer(opened);
    opened.then(
      (result) => {
        if (!abort.aborted) return res.cork(() => answer(result));
        if (result.ok) result.file.release();
        done();
      },
      (error: unknown) => {
        ctx.log(`media: unexpected error opening ${url}: ${String(error)}`);
        if (!abort.aborted) res.cork(() => sendJson(res, 500, cors, { error: 'internal', message: 'could not open media file' }));
        done();
      },
    );
  };

  /** Sends the decided response; for bodies, hands over to the streamer. Call corked (or in the handler). */
  const respond = (res: HttpResponse, request: MediaRequest, file: MediaFile, cors: HeaderList, abort: AbortWatch, done: () => void): void => {
    const decision: MediaDecision = decideMediaResponse(
      request,
      { size: file.size, etag: file.etag, lastModifiedMs: file.lastModifiedMs, lastModified: file.lastModified, contentType: contentTypeFor(file.path), cacheControl: cacheControlFor(file.path) },
      ctx.now(),
    );
    const { status, headers, body } = decision;
    if (body.kind !== 'bytes') {
      writeHead(res, status, headers, NOSNIFF, cors);
      if (body.kind === 'none') endWithoutBody(res);
      else if (body.kind === 'head') endWithoutBody(res, body.length);
      else res.end();
      file.release();
      done();
      return;
    }
    sendFileRange({
      res,
      fd: file.fd,
      start: body.start,
      end: body.end,
      abort,
      writeHead: (r) => writeHead(r, status, headers, NOSNIFF, cors),
      writeError: (r) => sendJson(r, 500, cors, { error: 'internal', message: 'could not read media file' }),
      finish: (outcome, error) => {
        if (outcome === 'failed') ctx.log(`media: read failed for ${file.path}: ${String(error)}`);
        file.release();
        done();
      },
    });
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
