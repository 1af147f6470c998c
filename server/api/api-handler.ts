import { watchAbort, type AbortWatch } from '../http/abort-watch.ts';
import { headerOf } from '../http/request-headers.ts';
import { endWithoutBody, JSON_CONTENT_TYPE, writeHead, type HeaderList } from '../http/send-response.ts';
import type { ServerContext } from '../server-context.ts';
import type { HttpRequest, HttpResponse, TemplatedApp } from '../uws.ts';
import { apiError } from './api-error.ts';
import { BodyAbortedError, BodyTooLargeError, collectBody, type BodySink } from './read-body.ts';
import { UwsApiRequest } from './uws-api-request.ts';
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

/** Shared header lists: nothing per response when the handler sets no headers of its own. */
const NO_HEADERS: HeaderList = Object.freeze([]);
const NO_STORE: HeaderList = Object.freeze([Object.freeze(['Cache-Control', 'no-store'] as const)]);

/**
 * Mounts a handler written as (request data) → response, so handlers are
 * testable without a socket. The glue keeps the uWS rules: copy from `req`
 * before awaiting, register onAborted first, cork the delayed write, and
 * never touch `res` after an abort.
 */
export function mountApi(app: TemplatedApp, ctx: ServerContext, method: 'get' | 'post' | 'put' | 'del', pattern: string, paramCount: number, handler: ApiHandler, options: { maxBody?: number } = {}): void {
  const maxBody = options.maxBody ?? MAX_API_BODY;
  const hasBody = method === 'post' || method === 'put';
  app[method](pattern, (res: HttpResponse, req: HttpRequest) => {
    const origin = headerOf(req, 'origin');
    const request = new UwsApiRequest(req, paramCount, EMPTY_BODY);
    const exchange = new ApiExchange(res, ctx, handler, request, ctx.cors.responseHeaders(origin, request.host), watchAbort(res), ctx.inFlight.begin());
    if (hasBody) collectBody(res, maxBody, exchange.abort, exchange);
    else exchange.onBody(Buffer.alloc(0));
  });
}

/** Placeholder until the body is read; every request gets its own body buffer. */
const EMPTY_BODY = Buffer.alloc(0);

/**
 * One request from its body to its answer, with plain calls where nothing
 * waits (the old promise chain cost 4+ promises per request): the handler
 * runs as soon as the body is complete, inside uWS's last onData (or the
 * route handler, for GET and DELETE), and only a handler that returns a
 * promise is awaited, once. `finished` runs exactly once, after the write
 * (or after deciding not to write, on abort).
 */
class ApiExchange implements BodySink {
  constructor(
    private readonly res: HttpResponse,
    private readonly ctx: ServerContext,
    private readonly handler: ApiHandler,
    private readonly request: UwsApiRequest,
    private readonly cors: HeaderList,
    readonly abort: AbortWatch,
    private readonly finished: () => void,
  ) {}

  onBody(body: Buffer): void {
    this.request.body = body;
    let result: Promise<ApiResponse> | ApiResponse;
    try {
      // Still after the body: answering before it is read would leave it to be parsed as the next request.
      result = this.request.malformedPath ? MALFORMED_PARAMETER : this.handler(this.request);
    } catch (cause) {
      result = this.failure(cause);
    }
    if (isPromiseLike(result)) void this.settle(result);
    else this.answerNow(result);
  }

  onBodyError(error: BodyTooLargeError | BodyAbortedError): void {
    // A 413 is written after uWS's onData returns, as it always was (a promise's reaction), not from inside it.
    if (error instanceof BodyTooLargeError) queueMicrotask(() => this.answerNow(this.failure(error)));
    else this.answerNow(this.failure(error));
  }

  private async settle(pending: PromiseLike<ApiResponse>): Promise<void> {
    let response: ApiResponse;
    try {
      response = await pending;
    } catch (cause) {
      response = this.failure(cause);
    }
    // A throw while writing rejects this promise unhandled, as the old promise chain did.
    this.answer(response);
  }

  /**
   * answer() where the caller is uWS (onData, onAborted, the route) or a
   * microtask: a throw while writing (a body JSON cannot encode) goes to the
   * process's unhandled-rejection net as before, not into uWS, which would
   * end the process.
   */
  private answerNow(response: ApiResponse): void {
    try {
      this.answer(response);
    } catch (error) {
      void Promise.reject(error);
    }
  }

  private answer(response: ApiResponse): void {
    try {
      if (!this.abort.aborted) this.res.cork(() => writeApiResponse(this.res, response, this.cors));
    } finally {
      this.finished();
    }
  }

  private failure(cause: unknown): ApiResponse {
    if (cause instanceof BodyTooLargeError) return { status: 413, body: apiError('too-large', cause.message) };
    if (cause instanceof BodyAbortedError) return { status: 499 };
    // A handler bug: answered like any error, and counted like every contained one (a test run fails on it).
    this.ctx.contained.report('http', cause, { route: `${this.request.method} ${loggablePath(this.request.path)}` }); // logged: no fragment, no upload id
    return { status: 500, body: apiError('internal', 'internal error') };
  }
}

/** Any thenable counts, as it did when the handler's result was returned from a `.then`. */
function isPromiseLike(value: Promise<ApiResponse> | ApiResponse): value is Promise<ApiResponse> {
  return typeof (value as Partial<PromiseLike<ApiResponse>>).then === 'function';
}

/**
 * Writes a handler's answer, headers in this order: Cache-Control no-store
 * unless the handler set its own (public media frames are cacheable), the
 * handler's, CORS, Content-Type. Passed to writeHead as separate lists.
 */
function writeApiResponse(res: HttpResponse, response: ApiResponse, cors: HeaderList): void {
  const own = response.headers ?? NO_HEADERS;
  const cache = hasCacheControl(own) ? NO_HEADERS : NO_STORE;
  if (response.status === 304) {
    // No body and no Content-Length: a 304's length would describe the 200 it stands for (RFC 9110 §15.4.5).
    writeHead(res, 304, cache, own, cors);
    endWithoutBody(res);
  } else if (response.contentType && response.body instanceof Uint8Array) {
    writeHead(res, response.status, cache, own, cors, [['Content-Type', response.contentType]]);
    res.end(response.body);
  } else if (response.body === undefined) {
    writeHead(res, response.status, cache, own, cors);
    res.end('');
  } else {
    // As sendJson: the headers first, then the body is encoded.
    writeHead(res, response.status, cache, own, cors, JSON_CONTENT_TYPE);
    res.end(JSON.stringify(response.body));
  }
}

function hasCacheControl(headers: HeaderList): boolean {
  for (let i = 0; i < headers.length; i += 1) {
    if ((headers[i] as readonly [string, string])[0].toLowerCase() === 'cache-control') return true;
  }
  return false;
}
