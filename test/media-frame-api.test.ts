/**
 * GET /api/media/frame against a real `branchcast serve` and real ffmpeg, on
 * the demo's packaged clips: a JPEG of the frame at t, different for another
 * t, cached on disk under <data>/frames/ (a repeat is identical and fast, and
 * If-None-Match gives 304), public (no key), and typed refusals for hostile
 * or impossible parameters, a missing file, unreadable media and overload.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const REPO = join(import.meta.dirname, '..');
const INTRO = 'demo/intro/manifest.mpd';

let tmp: TempDir;
let server: ServerProcess;

const frame = (query: string, headers: Record<string, string> = {}) => fetch(`${server.url}/api/media/frame?${query}`, { headers });

async function jpeg(query: string): Promise<{ bytes: Buffer; ms: number; response: Response }> {
  const started = performance.now();
  const response = await frame(query);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { bytes, ms: performance.now() - started, response };
}

beforeAll(async () => {
  tmp = await makeTempDir('branchcast-frame-');
  const media = join(tmp.path, 'media');
  await promisify(execFile)(process.execPath, [join(REPO, 'bin', 'branchcast.js'), 'media', 'demo', '--media', media], { cwd: REPO });
  await mkdir(join(media, 'junk'));
  await writeFile(join(media, 'junk', 'manifest.mpd'), 'not a manifest at all\n');
  server = await startServerProcess({ args: ['--media', media, '--data', join(tmp.path, 'data')], startTimeoutMs: 60_000 });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await tmp?.remove();
});

describe('GET /api/media/frame', () => {
  it('answers a JPEG of the frame at t, another for another t, cached on disk', async () => {
    const first = await jpeg(`src=${encodeURIComponent(INTRO)}&t=1`);
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('content-type')).toBe('image/jpeg');
    expect(first.response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(first.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(first.bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    // 320x180 of a moving test pattern with burned-in text: a few KB, not a blank or a whole clip.
    expect(first.bytes.length).toBeGreaterThan(2_000);
    expect(first.bytes.length).toBeLessThan(200_000);

    const later = await jpeg(`src=${encodeURIComponent(INTRO)}&t=3`);
    expect(later.response.status).toBe(200);
    expect(later.bytes.equals(first.bytes)).toBe(false);
    const wide = await jpeg(`src=${encodeURIComponent(INTRO)}&t=1&w=640`);
    expect(wide.bytes.length).toBeGreaterThan(first.bytes.length);

    // t is keyed in tenths: 1.04 is the frame at 1.0, from the cache.
    const again = await jpeg(`src=${encodeURIComponent(INTRO)}&t=1.04`);
    expect(again.response.status).toBe(200);
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(again.response.headers.get('etag')).toBe(first.response.headers.get('etag'));
    expect(again.ms).toBeLessThan(Math.max(250, first.ms));
    expect((await readdir(join(tmp.path, 'data', 'frames'))).filter((name) => name.endsWith('.jpg'))).toHaveLength(3);

    const etag = first.response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const revalidated = await frame(`src=${encodeURIComponent(INTRO)}&t=1`, { 'If-None-Match': etag });
    expect(revalidated.status).toBe(304);
    expect((await revalidated.arrayBuffer()).byteLength).toBe(0);
  });

  it('refuses hostile and impossible parameters with typed errors', async () => {
    const cases: Array<[string, number, string]> = [
      ['src=../../etc/passwd', 400, 'invalid'],
      [`src=${encodeURIComponent('demo/../../etc/passwd')}`, 400, 'invalid'],
      [`src=${encodeURIComponent('/etc/passwd')}`, 400, 'invalid'],
      [`src=${encodeURIComponent('http://example.com/a.mpd')}`, 400, 'invalid'],
      // src is decoded once, as a query value: `%2e%2e` is then a (missing) file of that name, not `..`.
      [`src=${encodeURIComponent('demo/%2e%2e/x')}`, 404, 'not-found'],
      ['t=1', 400, 'invalid'],
      [`src=${INTRO}&t=-1`, 400, 'invalid'],
      [`src=${INTRO}&t=1e9`, 400, 'invalid'],
      [`src=${INTRO}&t=NaN`, 400, 'invalid'],
      [`src=${INTRO}&t=99999999`, 400, 'invalid'],
      [`src=${INTRO}&w=0`, 400, 'invalid'],
      [`src=${INTRO}&w=99999`, 400, 'invalid'],
      [`src=${INTRO}&w=320.5`, 400, 'invalid'],
      ['src=demo/nowhere/manifest.mpd', 404, 'not-found'],
      ['src=demo/intro', 404, 'not-found'],
      ['src=junk/manifest.mpd', 422, 'unreadable'],
      [`src=${INTRO}&t=500`, 422, 'no-frame'],
    ];
    for (const [query, status, code] of cases) {
      const response = await frame(query);
      expect(response.status, query).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code, query).toBe(code);
    }
  });

  it('runs at most a few extractions and queues a few more; beyond that, 503 busy with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => jpeg(`src=${encodeURIComponent('demo/vault/manifest.mpd')}&t=${(i * 0.3).toFixed(1)}&w=64`)));
    const statuses = answers.map((a) => a.response.status);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    const busy = answers.filter((a) => a.response.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const a of busy) expect(a.response.headers.get('retry-after')).toMatch(/^\d+$/);
    for (const a of answers.filter((x) => x.response.status === 200)) expect(a.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    // Once the burst is over, the server answers again.
    expect((await frame(`src=${encodeURIComponent('demo/vault/manifest.mpd')}&t=0&w=64`)).status).toBe(200);
  });
});
