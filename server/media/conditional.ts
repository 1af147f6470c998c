/**
 * Conditional requests (RFC 9110 §13.1, evaluated in the order of §13.2.2).
 * Pure: header values and the representation's validators in, decision out.
 */
import { parseEntityTag, parseEntityTagList, strongMatch, weakMatch, type EntityTag } from './entity-tag.ts';
import { parseHttpDate } from './http-date.ts';

/** The conditional request headers, undefined when absent. */
export interface ConditionalHeaders {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
  ifUnmodifiedSince?: string | undefined;
}

/** The selected representation's validators. */
export interface Validators {
  /** The strong ETag as sent, quotes included. */
  etag: string;
  /** Last-Modified in epoch ms, already truncated to whole seconds. */
  lastModifiedMs: number;
}

/** `proceed`: serve normally; `not-modified`: 304; `precondition-failed`: 412. */
export type PreconditionOutcome = 'proceed' | 'not-modified' | 'precondition-failed';

/**
 * Evaluates the preconditions of a GET or HEAD in RFC 9110 §13.2.2 order:
 * If-Match, else If-Unmodified-Since; then If-None-Match, else If-Modified-Since.
 * If-None-Match takes precedence: when present, If-Modified-Since is ignored.
 */
export function evaluatePreconditions(headers: ConditionalHeaders, validators: Validators): PreconditionOutcome {
  const { ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince } = headers;
  // The common case: an unconditional request.
  if (ifMatch === undefined && ifNoneMatch === undefined && ifModifiedSince === undefined && ifUnmodifiedSince === undefined) return 'proceed';
  const current = currentTag(validators);
  if (headers.ifMatch !== undefined) {
    if (!listMatches(headers.ifMatch, current, strongMatch)) return 'precondition-failed';
  } else if (headers.ifUnmodifiedSince !== undefined) {
    const date = parseHttpDate(headers.ifUnmodifiedSince);
    if (date !== undefined && validators.lastModifiedMs > date) return 'precondition-failed';
  }
  if (headers.ifNoneMatch !== undefined) {
    if (listMatches(headers.ifNoneMatch, current, weakMatch)) return 'not-modified';
  } else if (headers.ifModifiedSince !== undefined) {
    const date = parseHttpDate(headers.ifModifiedSince);
    if (date !== undefined && validators.lastModifiedMs <= date) return 'not-modified';
  }
  return 'proceed';
}

/**
 * Whether an `If-Range` lets the Range apply (RFC 9110 §13.1.5). Absent: yes.
 * An entity-tag must match strongly (a weak tag never does). A date must equal
 * Last-Modified exactly and Last-Modified must be strong, i.e. at least one
 * second older than `nowMs` (§8.8.2.2). Anything unparseable is false, which
 * means "send the whole representation" — the safe answer.
 */
export function ifRangeAllowsRange(ifRange: string | undefined, validators: Validators, nowMs: number): boolean {
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/"')) {
    const tag = parseEntityTag(value);
    return tag !== undefined && strongMatch(tag, currentTag(validators));
  }
  const date = parseHttpDate(value);
  if (date === undefined) return false;
  const lastModifiedIsStrong = validators.lastModifiedMs + 1000 <= nowMs;
  return lastModifiedIsStrong && date === validators.lastModifiedMs;
}

function currentTag(validators: Validators): EntityTag {
  return parseEntityTag(validators.etag) ?? { weak: false, opaque: validators.etag };
}

function listMatches(header: string, current: EntityTag, compare: (a: EntityTag, b: EntityTag) => boolean): boolean {
  const list = parseEntityTagList(header);
  // "*" matches any current representation, and ours exists.
  if (list === '*') return true;
  return list.some((tag) => compare(tag, current));
}
