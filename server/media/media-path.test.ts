import { describe, expect, it } from 'vitest';
import { parseMediaPath } from './media-path.ts';

describe('parseMediaPath', () => {
  it('decodes ordinary paths into segments', () => {
    expect(parseMediaPath('/media/heist/intro/manifest.mpd')).toEqual({ ok: true, segments: ['heist', 'intro', 'manifest.mpd'] });
    expect(parseMediaPath('/media/my%20clip/a%2Bb.m4s')).toEqual({ ok: true, segments: ['my clip', 'a+b.m4s'] });
  });

  it.each([
    ['/media/../etc/passwd', 400],
    ['/media/a/../../etc/passwd', 400],
    ['/media/%2e%2e/etc/passwd', 400],
    ['/media/%2E%2E/etc/passwd', 400],
    ['/media/.%2e/x', 400],
    ['/media/a/./b', 400],
    ['/media/..%2fetc%2fpasswd', 400],
    ['/media/a%2fb', 400],
    ['/media/%2Fetc%2Fpasswd', 400],
    ['/media//etc/passwd', 400],
    ['/media/a\\..\\b', 400],
    ['/media/a%5c..%5cb', 400],
    ['/media/a%00.mpd', 400],
    ['/media/a%0a.mpd', 400],
    ['/media/%zz', 400],
    ['/media/%', 400],
    ['/media/.hidden', 404],
    ['/media/dir/', 404],
    ['/media/', 404],
    ['/other/x', 404],
  ])('refuses %s with %i', (raw, status) => {
    expect(parseMediaPath(raw)).toMatchObject({ ok: false, status });
  });

  it('refuses absurdly long paths', () => {
    expect(parseMediaPath(`/media/${'a/'.repeat(1000)}x`)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('parseMediaPath on arbitrary input', () => {
  it('never throws and never yields a segment that could leave the root', async () => {
    const fc = await import('fast-check');
    const pathLike = fc.array(fc.constantFrom('..', '.', '%2e', '%2E', '%2f', '%5c', '%00', '/', '\\', 'a', 'b.m4s', '%', '%c0%ae'), { maxLength: 12 }).map((parts) => `/media/${parts.join('')}`);
    fc.assert(
      fc.property(fc.oneof(fc.string().map((s) => `/media/${s}`), pathLike), (raw) => {
        const result = parseMediaPath(raw);
        if (result.ok) {
          for (const segment of result.segments) {
            expect(segment === '' || segment === '.' || segment === '..' || segment.includes('/') || segment.includes('\\') || segment.includes('\0')).toBe(false);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
