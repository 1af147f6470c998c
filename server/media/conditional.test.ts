import { describe, expect, it } from 'vitest';
import { evaluatePreconditions, ifRangeAllowsRange } from './conditional.ts';
import { formatHttpDate, parseHttpDate } from './http-date.ts';

const LAST_MODIFIED = Date.UTC(2024, 0, 2, 3, 4, 5);
const V = { etag: '"abc-1"', lastModifiedMs: LAST_MODIFIED };
const NOW = LAST_MODIFIED + 60_000;
const date = (ms: number): string => formatHttpDate(ms);

describe('parseHttpDate', () => {
  it('accepts the three formats RFC 9110 requires', () => {
    const t = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(t);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(t);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(t);
  });
  it.each(['', 'yesterday', '2024-01-02T03:04:05Z', 'Sun, 06 Nov 1994 08:49:37 PST', 'Sun, 32 Nov 1994 08:49:37 GMT', '1994'])('rejects %j', (text) => {
    expect(parseHttpDate(text)).toBeUndefined();
  });
  it('round-trips formatHttpDate', () => {
    expect(parseHttpDate(formatHttpDate(LAST_MODIFIED))).toBe(LAST_MODIFIED);
  });
});

describe('evaluatePreconditions', () => {
  it('proceeds without conditional headers', () => {
    expect(evaluatePreconditions({}, V)).toBe('proceed');
  });
  it('If-None-Match: weak comparison, lists and * give 304', () => {
    expect(evaluatePreconditions({ ifNoneMatch: '"abc-1"' }, V)).toBe('not-modified');
    expect(evaluatePreconditions({ ifNoneMatch: 'W/"abc-1"' }, V)).toBe('not-modified');
    expect(evaluatePreconditions({ ifNoneMatch: '"x", "abc-1"' }, V)).toBe('not-modified');
    expect(evaluatePreconditions({ ifNoneMatch: '*' }, V)).toBe('not-modified');
    expect(evaluatePreconditions({ ifNoneMatch: '"other"' }, V)).toBe('proceed');
    expect(evaluatePreconditions({ ifNoneMatch: 'garbage' }, V)).toBe('proceed');
  });
  it('If-Modified-Since: 304 unless modified after the date; invalid dates are ignored', () => {
    expect(evaluatePreconditions({ ifModifiedSince: date(LAST_MODIFIED) }, V)).toBe('not-modified');
    expect(evaluatePreconditions({ ifModifiedSince: date(LAST_MODIFIED + 1000) }, V)).toBe('not-modified');
    expect(evaluatePreconditions({ ifModifiedSince: date(LAST_MODIFIED - 1000) }, V)).toBe('proceed');
    expect(evaluatePreconditions({ ifModifiedSince: 'not a date' }, V)).toBe('proceed');
  });
  it('If-None-Match takes precedence over If-Modified-Since (RFC 9110 §13.2.2)', () => {
    expect(evaluatePreconditions({ ifNoneMatch: '"other"', ifModifiedSince: date(LAST_MODIFIED) }, V)).toBe('proceed');
    expect(evaluatePreconditions({ ifNoneMatch: '"abc-1"', ifModifiedSince: date(LAST_MODIFIED - 1000) }, V)).toBe('not-modified');
  });
  it('If-Match uses strong comparison and fails with 412', () => {
    expect(evaluatePreconditions({ ifMatch: '"abc-1"' }, V)).toBe('proceed');
    expect(evaluatePreconditions({ ifMatch: '*' }, V)).toBe('proceed');
    expect(evaluatePreconditions({ ifMatch: 'W/"abc-1"' }, V)).toBe('precondition-failed');
    expect(evaluatePreconditions({ ifMatch: '"nope"' }, V)).toBe('precondition-failed');
  });
  it('If-Unmodified-Since fails when modified after the date, and is ignored next to If-Match', () => {
    expect(evaluatePreconditions({ ifUnmodifiedSince: date(LAST_MODIFIED - 1000) }, V)).toBe('precondition-failed');
    expect(evaluatePreconditions({ ifUnmodifiedSince: date(LAST_MODIFIED) }, V)).toBe('proceed');
    expect(evaluatePreconditions({ ifMatch: '"abc-1"', ifUnmodifiedSince: date(LAST_MODIFIED - 1000) }, V)).toBe('proceed');
  });
});

describe('ifRangeAllowsRange', () => {
  it('allows the range without If-Range', () => {
    expect(ifRangeAllowsRange(undefined, V, NOW)).toBe(true);
  });
  it('matches entity-tags strongly only', () => {
    expect(ifRangeAllowsRange('"abc-1"', V, NOW)).toBe(true);
    expect(ifRangeAllowsRange('"abc-2"', V, NOW)).toBe(false);
    expect(ifRangeAllowsRange('W/"abc-1"', V, NOW)).toBe(false);
  });
  it('matches an exactly equal date, when Last-Modified is strong', () => {
    expect(ifRangeAllowsRange(date(LAST_MODIFIED), V, NOW)).toBe(true);
    expect(ifRangeAllowsRange(date(LAST_MODIFIED + 1000), V, NOW)).toBe(false);
    expect(ifRangeAllowsRange(date(LAST_MODIFIED - 1000), V, NOW)).toBe(false);
    // Modified within the last second: the date is only a weak validator.
    expect(ifRangeAllowsRange(date(LAST_MODIFIED), V, LAST_MODIFIED + 500)).toBe(false);
  });
  it('treats garbage as a failed condition (send the full representation)', () => {
    expect(ifRangeAllowsRange('garbage', V, NOW)).toBe(false);
    expect(ifRangeAllowsRange('"unterminated', V, NOW)).toBe(false);
  });
});
