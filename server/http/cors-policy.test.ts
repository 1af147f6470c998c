import { describe, expect, it } from 'vitest';
import { createCorsPolicy, OriginPatternError } from './cors-policy.ts';

const header = (list: ReadonlyArray<readonly [string, string]> | undefined, name: string): string | undefined => list?.find(([n]) => n === name)?.[1];

describe('createCorsPolicy', () => {
  const dev = createCorsPolicy({ allowOrigins: [], allowLoopbackOrigins: true });
  const prod = createCorsPolicy({ allowOrigins: ['https://app.example', 'https://other.example:*'], allowLoopbackOrigins: false });

  it('always allows the same origin', () => {
    expect(prod.allows('http://media.example:8080', 'media.example:8080')).toBe(true);
    expect(prod.allows('https://media.example', 'media.example')).toBe(true);
    expect(prod.allows('http://evil.example', 'media.example')).toBe(false);
  });

  it('allows localhost on any port when bound to loopback, and only then', () => {
    expect(dev.allows('http://localhost:5173', '127.0.0.1:8080')).toBe(true);
    expect(dev.allows('http://127.0.0.1:3000', '127.0.0.1:8080')).toBe(true);
    expect(dev.allows('http://[::1]:3000', '127.0.0.1:8080')).toBe(true);
    expect(dev.allows('http://localhost.evil.example', '127.0.0.1:8080')).toBe(false);
    expect(dev.allows('http://localhost:80abc', '127.0.0.1:8080')).toBe(false);
    expect(prod.allows('http://localhost:5173', 'media.example')).toBe(false);
  });

  it('reflects an allowed origin and exposes the range and tus headers', () => {
    const h = prod.responseHeaders('https://app.example', 'media.example');
    expect(header(h, 'Access-Control-Allow-Origin')).toBe('https://app.example');
    expect(header(h, 'Vary')).toBe('Origin');
    for (const name of ['Content-Range', 'Content-Length', 'Accept-Ranges', 'ETag', 'Location', 'Upload-Offset', 'Upload-Length', 'Tus-Resumable']) {
      expect(header(h, 'Access-Control-Expose-Headers')).toContain(name);
    }
  });

  it('sends only Vary for a foreign or missing origin', () => {
    expect(prod.responseHeaders('https://evil.example', 'media.example')).toEqual([['Vary', 'Origin']]);
    expect(prod.responseHeaders(undefined, 'media.example')).toEqual([['Vary', 'Origin']]);
  });

  it('answers preflights with methods and the tus/range request headers', () => {
    const h = prod.preflightHeaders('https://app.example', 'media.example');
    expect(header(h, 'Access-Control-Allow-Methods')).toContain('PATCH');
    for (const name of ['Upload-Length', 'Upload-Offset', 'Tus-Resumable', 'Upload-Metadata', 'Upload-Checksum', 'Range', 'If-Range', 'X-HTTP-Method-Override']) {
      expect(header(h, 'Access-Control-Allow-Headers')).toContain(name);
    }
    expect(prod.preflightHeaders('https://evil.example', 'media.example')).toBeUndefined();
  });

  it('supports * and port wildcards', () => {
    const any = createCorsPolicy({ allowOrigins: ['*'], allowLoopbackOrigins: false });
    expect(header(any.responseHeaders('https://x.example', 'h'), 'Access-Control-Allow-Origin')).toBe('*');
    expect(header(any.responseHeaders('https://x.example', 'h'), 'Vary')).toBeUndefined();
    const ports = createCorsPolicy({ allowOrigins: ['https://app.example:*'], allowLoopbackOrigins: false });
    expect(ports.allows('https://app.example:8443', 'h')).toBe(true);
    expect(ports.allows('https://app.example', 'h')).toBe(true);
    expect(ports.allows('https://app.example.evil:1', 'h')).toBe(false);
  });

  it('rejects malformed origin patterns', () => {
    expect(() => createCorsPolicy({ allowOrigins: ['app.example'], allowLoopbackOrigins: false })).toThrow(OriginPatternError);
    expect(() => createCorsPolicy({ allowOrigins: ['https://app.example/'], allowLoopbackOrigins: false })).toThrow(OriginPatternError);
  });
});
