import type { HttpRequest } from '../uws.ts';
import type { ApiRequest } from './api-handler.ts';
import { headerOf } from '../http/request-headers.ts';


/** uWS's lowercase method names in upper case, without a toUpperCase per request. */
function upperMethod(method: string): string {
  switch (method) {
    case 'get':
      return 'GET';
    case 'post':
      return 'POST';
    case 'put':
      return 'PUT';
    case 'delete':
      return 'DELETE';
    default:
      return method.toUpperCase();
  }
}

/**
 * A path parameter percent-decoded, or undefined when its encoding is broken
 * (`%`, `%E0%A4%A`): decodeURIComponent throws on those, and a throw here
 * reached the request boundary as a 500 for what is a client's mistake.
 * Without a '%' there is nothing to decode (the common case: room ids).
 */
function decodeParameter(raw: string): string | undefined {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * The ApiRequest of one uWS request, copied out of `req` in the constructor
 * (`req` is only valid until the route handler returns or awaits). Built once
 * per request, with no spread when the body arrives; the query string is
 * parsed only when a handler asks for it (most never do).
 */
export class UwsApiRequest implements ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly params: string[] = [];
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly host: string | undefined;
  readonly ifMatch: string | undefined;
  readonly ifNoneMatch: string | undefined;
  body: Buffer;
  #rawQuery: string;
  #query: URLSearchParams | undefined = undefined;
  #malformedPath = false;

  constructor(req: HttpRequest, paramCount: number, body: Buffer) {
    this.authorization = headerOf(req, 'authorization');
    this.contentType = headerOf(req, 'content-type');
    this.host = headerOf(req, 'host');
    this.ifMatch = headerOf(req, 'if-match');
    this.ifNoneMatch = headerOf(req, 'if-none-match');
    for (let i = 0; i < paramCount; i += 1) {
      const decoded = decodeParameter(req.getParameter(i) ?? '');
      if (decoded === undefined) this.#malformedPath = true;
      this.params.push(decoded ?? '');
    }
    this.method = upperMethod(req.getMethod());
    this.path = req.getUrl();
    this.#rawQuery = req.getQuery() ?? '';
    this.body = body;
  }

  /** The query string, parsed on first use and then kept. */
  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.#rawQuery));
  }

  /** A path parameter's percent-encoding was broken: answer 400 (params holds '' for it). */
  get malformedPath(): boolean {
    return this.#malformedPath;
  }
}
