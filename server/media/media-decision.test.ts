import { describe, expect, it } from 'vitest';
import { decideMediaResponse, type MediaRequest } from './media-decision.ts';
import { formatHttpDate } from './http-date.ts';

const LM = Date.UTC(2024, 0, 2, 3, 4, 5);
const FILE = { size: 1000, etag: '"e1"', lastModifiedMs: LM, contentType: 'video/iso.segment', cacheControl: 'public, max-age=31536000, immutable' };
const NOW = LM + 3_600_000;
const get = (extra: Partial<MediaRequest> = {}): MediaRequest => ({ method: 'GET', ...extra });
const header = (headers: Array<[string, string]>, name: string): string | undefined => headers.find(([n]) => n === name)?.[1];

describe('decideMediaResponse', () => {
  it('serves the whole file with validators and caching headers', () => {
    const d = decideMediaResponse(get(), FILE, NOW);
    expect(d.status).toBe(200);
    expect(d.body).toEqual({ kind: 'bytes', start: 0, end: 999 });
    expect(header(d.headers, 'ETag')).toBe('"e1"');
    expect(header(d.headers, 'Last-Modified')).toBe(formatHttpDate(LM));
    expect(header(d.headers, 'Accept-Ranges')).toBe('bytes');
    expect(header(d.headers, 'Cache-Control')).toBe(FILE.cacheControl);
    expect(header(d.headers, 'Content-Type')).toBe('video/iso.segment');
  });

  it('answers one range with 206 and Content-Range', () => {
    const d = decideMediaResponse(get({ range: 'bytes=-10' }), FILE, NOW);
    expect(d.status).toBe(206);
    expect(d.body).toEqual({ kind: 'bytes', start: 990, end: 999 });
    expect(header(d.headers, 'Content-Range')).toBe('bytes 990-999/1000');
  });

  it('answers an unsatisfiable range with 416 and bytes */size', () => {
    const d = decideMediaResponse(get({ range: 'bytes=1000-' }), FILE, NOW);
    expect(d.status).toBe(416);
    expect(header(d.headers, 'Content-Range')).toBe('bytes */1000');
    expect(header(d.headers, 'ETag')).toBe('"e1"');
  });

  it('ignores invalid and multiple ranges (full 200)', () => {
    expect(decideMediaResponse(get({ range: 'bytes=9-1' }), FILE, NOW).status).toBe(200);
    expect(decideMediaResponse(get({ range: 'bytes=0-1,5-6' }), FILE, NOW)).toMatchObject({ status: 200, body: { kind: 'bytes', start: 0, end: 999 } });
  });

  it('applies If-Range: match → 206, mismatch → 200 (even for an unsatisfiable range)', () => {
    expect(decideMediaResponse(get({ range: 'bytes=0-1', ifRange: '"e1"' }), FILE, NOW).status).toBe(206);
    expect(decideMediaResponse(get({ range: 'bytes=0-1', ifRange: '"old"' }), FILE, NOW).status).toBe(200);
    expect(decideMediaResponse(get({ range: 'bytes=0-1', ifRange: formatHttpDate(LM) }), FILE, NOW).status).toBe(206);
    expect(decideMediaResponse(get({ range: 'bytes=5000-', ifRange: '"old"' }), FILE, NOW).status).toBe(200);
  });

  it('answers 304 before looking at Range, with validators but no body', () => {
    const d = decideMediaResponse(get({ ifNoneMatch: '"e1"', range: 'bytes=0-1' }), FILE, NOW);
    expect(d).toMatchObject({ status: 304, body: { kind: 'none' } });
    expect(header(d.headers, 'ETag')).toBe('"e1"');
    expect(header(d.headers, 'Cache-Control')).toBe(FILE.cacheControl);
  });

  it('answers 412 for a failed If-Match', () => {
    expect(decideMediaResponse(get({ ifMatch: '"x"' }), FILE, NOW)).toMatchObject({ status: 412, body: { kind: 'empty' } });
  });

  it('HEAD describes the full 200 and ignores Range (RFC 9110 §14.2: GET only)', () => {
    expect(decideMediaResponse({ method: 'HEAD', range: 'bytes=0-1' }, FILE, NOW)).toMatchObject({ status: 200, body: { kind: 'head', length: 1000 } });
  });

  it('serves an empty file whole, whatever the Range', () => {
    expect(decideMediaResponse(get({ range: 'bytes=0-' }), { ...FILE, size: 0 }, NOW)).toMatchObject({ status: 200, body: { kind: 'empty' } });
  });
});
