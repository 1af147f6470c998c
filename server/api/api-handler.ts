import { watchAbort } from '../http/abort-watch.ts';
import { readHeaders } from '../http/request-headers.ts';
import { endWithoutBody, sendJson, sendResponse, writeHead } from '../http/send-response.ts';
import type { ServerContext } from '../server-context.ts';
import type { HttpRequest, HttpResponse, TemplatedApp } from '../uws.ts';
import { apiError } from './api-error.ts';
import { BodyAbortedError, BodyTooLargeError, readBody } from './read-body.ts';
import { loggablePath } from '../log/safe-url.ts';

/** Everything an API handler may know about a request, copied out of uWS. */
export interface ApiRequest {
  method: string;
  path: string;
  /** Route parameters in pattern order (`/api/rooms/:id` → [id]). */
  params: string[];
  query: URLSearchParams;
  authorization: string | undefined;
  contentType: string | undefined;
  /** The Host header, for building links when no public URL is configured. */
  host: string | undefined;
  /** The If-Match header, for conditional writes (the solo save, story versions). */
  ifMatch?: string | undefined;
  /** The If-None-Match header (`*`: create a story only if its id is free). */
  ifNoneMatch?: string | undefined;
  body: Buffer;
}

/** What a handler answers; `body` is sent as JSON (or raw bytes with `contentType`). */
export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Array<[string, string]>;
  contentType?: string;
}

export type ApiHandler = (request: ApiRequest) => Promise<ApiResponse> | ApiResponse;

/** Largest API request body (stories are the big ones). */
export const MAX_API_BODY = 16 * 1024 * 1024;

const MALFORMED_PARAMETER: ApiResponse = { status: 400, body: apiError('invalid', 'malformed percent-encoding in the path') };

/**
 * A path parameter percent-decoded, or undefined when its encoding is broken
 * (`%`, `%E0%A4%A`): decodeURIComponent throws on those, and a throw here
 * reached the request boundary as a 500 for what is a client's mistake.
 */
function decodeParameter(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * Mounts a handler written as (request data) → response, so handlers are
 * testable without a socket. The glue keeps the uWS rules: copy from `req`
 * before awaiting, register onAborted first, cork the delayed write, and
 * never touch `res` after an abort.
 */
export function mountApi(app: TemplatedApp, ctx: ServerContext, method: 'get' | 'post' | 'put' | 'del', pattern: string, paramCount: number, handler: ApiHandler, options: { maxBody?: number } = {}): void {
  const maxBody = options.maxBody ?? MAX_API_BODY;
  app[method](pattern, (res: HttpResponse, req: HttpRequest) => {
    const headers = readHeaders(req, ['authorization', 'content-type', 'origin', 'host', 'if-match', 'if-none-match']);
    const decoded = Array.from({ length: paramCount }, (_, i) => decodeParameter(req.getParameter(i) ?? ''));
    const params = decoded.map((param) => param ?? '');
    const request: Omit<ApiRequest, 'body'> = {
      method: req.getMethod().toUpperCase(),
      path: req.getUrl(),
      params,
      query: new URLSearchParams(req.getQuery() ?? ''),
      authorization: headers.authorization,
      contentType: headers['content-type'],
      host: headers.host,
      ifMatch: headers['if-match'],
      ifNoneMatch: headers['if-none-match'],
    };
    const cors = ctx.cors.responseHeaders(headers.origin, headers.host);
    const abort = watchAbort(res);
    const finished = ctx.inFlight.begin();
    const body = method === 'post' || method === 'put' ? readBody(res, maxBody, abort) : Promise.resolve(Buffer.alloc(0));
    body
      // Still after the body: answering before it is read would leave it to be parsed as the next request.
      .then((bytes) => (decoded.includes(undefined) ? MALFORMED_PARAMETER : handler({ ...request, body: bytes })))
      .catch((cause: unknown): ApiResponse => {
        if (cause instanceof BodyTooLargeError) return { status: 413, body: apiError('too-large', cause.message) };
        if (cause instanceof BodyAbortedError) return { status: 499 };
        // A handler bug: answered like any error, and counted like every contained one (a test run fails on it).
        ctx.contained.report('http', cause, { route: `${request.method} ${loggablePath(request.path)}` }); // logged: no fragment, no upload id
        return { status: 500, body: apiError('internal', 'internal error') };
      })
      .then((response) => {
        if (abort.aborted) return;
        res.cork(() => {
          // no-store unless the handler says otherwise (public media frames are cacheable).
          const own = response.headers ?? [];
          const extra: Array<[string, string]> = [...(own.some(([name]) => name.toLowerCase() === 'cache-control') ? [] : [['Cache-Control', 'no-store'] as [string, string]]), ...own];
          if (response.status === 304) {
            // No body and no Content-Length: a 304's length would describe the 200 it stands for (RFC 9110 §15.4.5).
            writeHead(res, 304, extra, cors);
            endWithoutBody(res);
          } else if (response.contentType && response.body instanceof Uint8Array) {
            sendResponse(res, response.status, [...extra, ...cors, ['Content-Type', response.contentType]], response.body);
          } else if (response.body === undefined) {
            sendResponse(res, response.status, [...extra, ...cors]);
          } else {
            sendJson(res, response.status, [...extra, ...cors], response.body);
          }
        });
      })
      .finally(finished);
  });
}
