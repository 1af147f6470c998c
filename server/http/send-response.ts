/**
 * Writing whole responses through uWS, with its ordering rule built in:
 * writeStatus() must come before any writeHeader(), or an implicit 200 goes out.
 */
import type { HttpResponse, RecognizedString } from '../uws.ts';
import { statusLine } from './status-line.ts';

/** Response headers as name/value pairs (a name may repeat). */
export type HeaderList = ReadonlyArray<readonly [string, string]>;

/** The JSON body's Content-Type, one shared list (sendJson and the API write it on every answer). */
export const JSON_CONTENT_TYPE: HeaderList = Object.freeze([Object.freeze(['Content-Type', 'application/json; charset=utf-8'] as const)]);

/**
 * Writes the status line and then the headers, list by list: callers pass
 * their lists separately rather than spreading them into a new one per
 * response. Indexed loops: no iterator or destructuring on this per-response path.
 */
export function writeHead(res: HttpResponse, status: number, ...lists: HeaderList[]): void {
  res.writeStatus(statusLine(status));
  for (let i = 0; i < lists.length; i += 1) {
    const list = lists[i] as HeaderList;
    for (let j = 0; j < list.length; j += 1) {
      const header = list[j] as readonly [string, string];
      res.writeHeader(header[0], header[1]);
    }
  }
}

/**
 * Writes a complete response. Call it synchronously inside the handler, or
 * inside `res.cork()` after an await (every delayed write must be corked).
 */
export function sendResponse(res: HttpResponse, status: number, headers: HeaderList, body: RecognizedString = ''): void {
  writeHead(res, status, headers);
  res.end(body);
}

/**
 * Sends `value` as a JSON body. For a HEAD request pass `head`: the answer
 * then announces the body's length but carries none (RFC 9110 §9.3.2); body
 * bytes after a HEAD answer would be read as the start of the next response
 * on a keep-alive connection.
 */
export function sendJson(res: HttpResponse, status: number, headers: HeaderList, value: unknown, head = false): void {
  writeHead(res, status, headers, JSON_CONTENT_TYPE);
  const text = JSON.stringify(value);
  if (head) endWithoutBody(res, Buffer.byteLength(text));
  else res.end(text);
}

/**
 * Ends a response that has headers but no body bytes: HEAD (pass the length
 * the GET would have) and 304 (pass nothing: no Content-Length at all).
 *
 * Hazard: uWS 20.30's `endWithoutBody(length)` leaves the response waiting for
 * `length` bytes, which breaks the next request on a keep-alive connection
 * (and aborts the process without an onAborted). So we write Content-Length
 * ourselves and call `endWithoutBody()` with no length.
 */
export function endWithoutBody(res: HttpResponse, contentLength?: number): void {
  if (contentLength !== undefined) res.writeHeader('Content-Length', String(contentLength));
  res.endWithoutBody();
}
