/**
 * Decides the whole response to a GET or HEAD of one media file: status,
 * headers and which bytes to send. Pure, so every Range and conditional case
 * is testable without a socket; media-route.ts only carries the decision out.
 */
import { evaluatePreconditions, ifRangeAllowsRange, type ConditionalHeaders } from './conditional.ts';
import { formatHttpDate } from './http-date.ts';
import { parseRangeHeader } from './range-header.ts';

/** What the request says, copied out of uWS synchronously. */
export interface MediaRequest extends ConditionalHeaders {
  method: 'GET' | 'HEAD';
  range?: string | undefined;
  ifRange?: string | undefined;
}

/** The file as selected, with its validators and name-derived metadata. */
export interface MediaRepresentation {
  size: number;
  etag: string;
  /** Whole seconds, as Last-Modified can express. */
  lastModifiedMs: number;
  /** `lastModifiedMs` already formatted as an HTTP-date (saves formatting per request). */
  lastModified?: string | undefined;
  contentType: string;
  cacheControl: string;
}

/**
 * - `none`: no body and no Content-Length (304).
 * - `empty`: a zero-length body (412, 416, an empty file).
 * - `head`: no body, but Content-Length announces `length` (HEAD).
 * - `bytes`: send the inclusive byte range `[start, end]` of the file.
 */
export type MediaBody =
  | { kind: 'none' }
  | { kind: 'empty' }
  | { kind: 'head'; length: number }
  | { kind: 'bytes'; start: number; end: number };

export interface MediaDecision {
  status: 200 | 206 | 304 | 412 | 416;
  headers: Array<[string, string]>;
  body: MediaBody;
}

/**
 * Order (RFC 9110 §13.2.2): preconditions (412/304) first, then Range with its
 * If-Range. Range only applies to GET (§14.2), so HEAD always describes the
 * full 200. Several ranges are answered with the full 200, which §14.2 allows
 * ("a server MAY ignore the Range header field"); see docs/media.md.
 */
export function decideMediaResponse(request: MediaRequest, file: MediaRepresentation, nowMs: number): MediaDecision {
  const validators = { etag: file.etag, lastModifiedMs: file.lastModifiedMs };
  const headers: Array<[string, string]> = [
    ['ETag', file.etag],
    ['Last-Modified', file.lastModified ?? formatHttpDate(file.lastModifiedMs)],
    ['Cache-Control', file.cacheControl],
    ['Accept-Ranges', 'bytes'],
  ];

  const precondition = evaluatePreconditions(request, validators);
  if (precondition === 'not-modified') return { status: 304, headers, body: { kind: 'none' } };
  if (precondition === 'precondition-failed') return { status: 412, headers, body: { kind: 'empty' } };

  headers.push(['Content-Type', file.contentType]);
  const full = (): MediaDecision => ({
    status: 200,
    headers,
    body: request.method === 'HEAD' ? { kind: 'head', length: file.size } : file.size === 0 ? { kind: 'empty' } : { kind: 'bytes', start: 0, end: file.size - 1 },
  });

  // An empty file has no byte to address; serving it whole is the useful answer.
  if (request.method !== 'GET' || request.range === undefined || file.size === 0) return full();
  const range = parseRangeHeader(request.range, file.size);
  if (range.kind === 'none' || range.kind === 'ignored') return full();
  // If-Range false means "send me the whole thing", even for an unsatisfiable range.
  if (!ifRangeAllowsRange(request.ifRange, validators, nowMs)) return full();
  if (range.kind === 'unsatisfiable') {
    headers.push(['Content-Range', `bytes */${file.size}`]);
    return { status: 416, headers, body: { kind: 'empty' } };
  }
  const [only, ...more] = range.ranges;
  if (only === undefined || more.length > 0) return full();
  headers.push(['Content-Range', `bytes ${only.start}-${only.end}/${file.size}`]);
  return { status: 206, headers, body: { kind: 'bytes', start: only.start, end: only.end } };
}
