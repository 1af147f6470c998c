import { watchAbort } from '../http/abort-watch.ts';
import { readHeaders } from '../http/request-headers.ts';
import { sendJson, sendResponse } from '../http/send-response.ts';
import type { ServerContext } from '../server-context.ts';
import type { HttpRequest, HttpResponse, TemplatedApp } from '../uws.ts';
import { apiError } from './api-error.ts';
import { BodyAbortedError, BodyTooLargeError, readBody } from './read-body.ts';

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

/**
 * Mounts a handler written as (request data) → response, so handlers are
 * testable without a socket. The glue keeps the uWS rules: copy from `req`
 * before awaiting, register onAborted first, cork the delayed write, and
 * never touch `res` after an abort.
 */
export function mountApi(app: TemplatedApp, ctx: ServerContext, method: 'get' | 'post' | 'del', pattern: string, paramCount: number, handler: ApiHandler): void {
  app[method](pattern, (res: HttpResponse, req: HttpRequest) => {
    const headers = readHeaders(req, ['authorization', 'content-type', 'origin', 'host']);
    const params = Array.from({ length: paramCount }, (_, i) => decodeURIComponent(req.getParameter(i) ?? ''));
    const request: Omit<ApiRequest, 'body'> = {
      method: req.getMethod().toUpperCase(),
      path: req.getUrl(),
      params,
      query: new URLSearchParams(req.getQuery() ?? ''),
      authorization: headers.authorization,
      contentType: headers['content-type'],
      host: headers.host,
    };
    const cors = ctx.cors.responseHeaders(headers.origin, headers.host);
    const abort = watchAbort(res);
    const finished = ctx.inFlight.begin();
    const body = method === 'post' ? readBody(res, MAX_API_BODY, abort) : Promise.resolve(Buffer.alloc(0));
    body
      .then((bytes) => handler({ ...request, body: bytes }))
      .catch((cause: unknown): ApiResponse => {
        if (cause instanceof BodyTooLargeError) return { status: 413, body: apiError('too-large', cause.message) };
        if (cause instanceof BodyAbortedError) return { status: 499 };
        ctx.log(`api ${request.method} ${request.path}: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
        return { status: 500, body: apiError('internal', 'internal error') };
      })
      .then((response) => {
        if (abort.aborted) return;
        res.cork(() => {
          const extra: Array<[string, string]> = [['Cache-Control', 'no-store'], ...(response.headers ?? [])];
          if (response.contentType && response.body instanceof Uint8Array) {
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
