/**
 * /media over real sockets against an in-process server: every Range case of
 * issue 3, conditional requests, HEAD, content types and caching headers.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readlink, rename, truncate, unlink, utimes, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../server/config.ts';
import { formatHttpDate } from '../server/media/http-date.ts';
import { createServer, type BranchcastServer } from '../server/server.ts';
import { rawRequest } from './support/raw-http.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const SIZE = 100_000;
const data = randomBytes(SIZE);
const OLD = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
let dir: TempDir;
let server: BranchcastServer;
let base: string;
let port: number;

beforeAll(async () => {
  dir = await makeTempDir('branchcast-media-');
  await mkdir(join(dir.path, 'heist'));
  await writeFile(join(dir.path, 'heist', 'seg-1.m4s'), data);
  await utimes(join(dir.path, 'heist', 'seg-1.m4s'), OLD, OLD);
  for (const name of ['manifest.mpd', 'video.mp4', 'clip.webm', 'chunk-00001.webm', 'list.m3u8', 'seg.ts', 'cues.vtt', 'poster.png', 'story.json']) {
    await writeFile(join(dir.path, 'heist', name), `content of ${name}`);
  }
  await writeFile(join(dir.path, 'empty.bin'), '');
  await writeFile(join(dir.path, 'big.mp4'), '');
  await truncate(join(dir.path, 'big.mp4'), 256 * 1024 * 1024);
  server = createServer(resolveServerConfig({ port: '0', media: dir.path }, {}, dir.path), { log: () => undefined });
  const address = await server.listen();
  base = `${address.url}/media`;
  port = address.port;
});

afterAll(async () => {
  await server?.close();
  await dir?.remove();
});

const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> => fetch(`${base}/${path}`, { method, headers });
const bytes = async (res: Response): Promise<Buffer> => Buffer.from(await res.arrayBuffer());

describe('GET /media full and single ranges', () => {
  it('200 with the whole file, validators and Accept-Ranges', async () => {
    const res = await get('heist/seg-1.m4s');
    expect(res.status).toBe(200);
    expect((await bytes(res)).equals(data)).toBe(true);
    expect(res.headers.get('content-length')).toBe(String(SIZE));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+"$/);
    expect(res.headers.get('last-modified')).toBe(formatHttpDate(OLD.getTime()));
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=1000-1999', 1000, 1999],
    ['bytes=99000-', 99000, SIZE - 1],
    ['bytes=-500', SIZE - 500, SIZE - 1],
    ['bytes=0-', 0, SIZE - 1],
    ['bytes=99990-200000', 99990, SIZE - 1],
  ])('%s → 206 [%i, %i]', async (range, start, end) => {
    const res = await get('heist/seg-1.m4s', { Range: range });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(res.headers.get('etag')).not.toBeNull();
    expect((await bytes(res)).equals(data.subarray(start, end + 1))).toBe(true);
  });

  it('416 with bytes */SIZE for an unsatisfiable range', async () => {
    for (const range of [`bytes=${SIZE}-`, `bytes=${SIZE + 5}-${SIZE + 10}`, 'bytes=-0']) {
      const res = await get('heist/seg-1.m4s', { Range: range });
      expect(res.status).toBe(416);
      expect(res.headers.get('content-range')).toBe(`bytes */${SIZE}`);
      expect(res.headers.get('etag')).not.toBeNull();
      expect(res.headers.get('last-modified')).not.toBeNull();
      expect((await bytes(res)).length).toBe(0);
    }
  });

  it.each(['bytes=5-1', 'bytes=abc', 'bytes', 'pages=1-2', 'bytes=1-2,junk', `bytes=${'0-0,'.repeat(5000)}0-0`])('ignores the invalid Range %j → 200', async (range) => {
    const res = await get('heist/seg-1.m4s', { Range: range.slice(0, 8000) });
    expect(res.status).toBe(200);
    expect((await bytes(res)).equals(data)).toBe(true);
  });

  it('answers several ranges with the full 200 (documented in docs/media.md)', async () => {
    const res = await get('heist/seg-1.m4s', { Range: 'bytes=0-9,100-109' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBeNull();
    expect((await bytes(res)).equals(data)).toBe(true);
  });

  it('serves an empty file with 200 even when a Range is asked for', async () => {
    const res = await get('empty.bin', { Range: 'bytes=0-' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('0');
  });
});

describe('conditional requests', () => {
  const etagOf = async (): Promise<string> => (await get('heist/seg-1.m4s', {}, 'HEAD')).headers.get('etag') ?? '';

  it('If-Range with the current ETag → 206, with another → 200', async () => {
    const etag = await etagOf();
    expect((await get('heist/seg-1.m4s', { Range: 'bytes=0-9', 'If-Range': etag })).status).toBe(206);
    const stale = await get('heist/seg-1.m4s', { Range: 'bytes=0-9', 'If-Range': '"stale"' });
    expect(stale.status).toBe(200);
    expect((await bytes(stale)).length).toBe(SIZE);
    expect((await get('heist/seg-1.m4s', { Range: 'bytes=0-9', 'If-Range': `W/${etag}` })).status).toBe(200);
  });

  it('If-Range with the Last-Modified date → 206, another date → 200', async () => {
    expect((await get('heist/seg-1.m4s', { Range: 'bytes=0-9', 'If-Range': formatHttpDate(OLD.getTime()) })).status).toBe(206);
    expect((await get('heist/seg-1.m4s', { Range: 'bytes=0-9', 'If-Range': formatHttpDate(OLD.getTime() - 1000) })).status).toBe(200);
    expect((await get('heist/seg-1.m4s', { Range: 'bytes=0-9', 'If-Range': 'garbage' })).status).toBe(200);
  });

  it('If-None-Match → 304 with validators and no body', async () => {
    const etag = await etagOf();
    const res = await rawRequest(port, '/media/heist/seg-1.m4s', { headers: { 'If-None-Match': etag } });
    expect(res.status).toBe(304);
    expect(res.headers.etag).toBe(etag);
    expect(res.headers['last-modified']).toBe(formatHttpDate(OLD.getTime()));
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.body.length).toBe(0);
    expect((await get('heist/seg-1.m4s', { 'If-None-Match': '"other", W/"x"' })).status).toBe(200);
  });

  it('If-Modified-Since → 304 when not modified since, 200 otherwise', async () => {
    expect((await get('heist/seg-1.m4s', { 'If-Modified-Since': formatHttpDate(OLD.getTime()) })).status).toBe(304);
    expect((await get('heist/seg-1.m4s', { 'If-Modified-Since': formatHttpDate(OLD.getTime() - 1000) })).status).toBe(200);
    expect((await get('heist/seg-1.m4s', { 'If-Modified-Since': 'not a date' })).status).toBe(200);
  });

  it('If-None-Match takes precedence over If-Modified-Since', async () => {
    const res = await get('heist/seg-1.m4s', { 'If-None-Match': '"other"', 'If-Modified-Since': formatHttpDate(OLD.getTime()) });
    expect(res.status).toBe(200);
  });

  it('If-Match mismatch → 412', async () => {
    expect((await get('heist/seg-1.m4s', { 'If-Match': '"other"' })).status).toBe(412);
  });
});

describe('HEAD', () => {
  it('describes the full file without a body, and keep-alive survives it', async () => {
    const res = await get('heist/seg-1.m4s', {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(SIZE));
    expect(res.headers.get('etag')).not.toBeNull();
    expect((await bytes(res)).length).toBe(0);
    // The same keep-alive connection must still answer a GET correctly.
    const next = await get('heist/seg-1.m4s', { Range: 'bytes=0-3' });
    expect(next.status).toBe(206);
    expect((await bytes(next)).equals(data.subarray(0, 4))).toBe(true);
  });

  it('ignores Range (RFC 9110: range requests are GET only)', async () => {
    const res = await rawRequest(port, '/media/heist/seg-1.m4s', { method: 'HEAD', headers: { Range: 'bytes=0-9' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(SIZE));
  });
});

describe('content types and caching', () => {
  it.each([
    ['heist/manifest.mpd', 'application/dash+xml', 'no-cache'],
    ['heist/seg-1.m4s', 'video/iso.segment', 'public, max-age=31536000, immutable'],
    ['heist/video.mp4', 'video/mp4', 'no-cache'],
    ['heist/clip.webm', 'video/webm', 'no-cache'],
    ['heist/chunk-00001.webm', 'video/webm', 'public, max-age=31536000, immutable'],
    ['heist/list.m3u8', 'application/vnd.apple.mpegurl', 'no-cache'],
    ['heist/seg.ts', 'video/mp2t', 'public, max-age=31536000, immutable'],
    ['heist/cues.vtt', 'text/vtt; charset=utf-8', 'no-cache'],
    ['heist/poster.png', 'image/png', 'no-cache'],
    ['heist/story.json', 'application/json; charset=utf-8', 'no-cache'],
  ])('%s is %s (%s)', async (path, type, cache) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toBe(cache);
    await res.arrayBuffer();
  });
});

describe('errors', () => {
  it('404 JSON for a missing file, 405 for other methods', async () => {
    const missing = await get('heist/nope.m4s');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not-found' } });
    const post = await fetch(`${base}/heist/seg-1.m4s`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    await post.arrayBuffer();
  });

  it('sees a replaced file (new bytes, new ETag) once the cache revalidates', async () => {
    const before = await get('heist/manifest.mpd');
    const etag = before.headers.get('etag');
    await before.arrayBuffer();
    const tmp = join(dir.path, 'heist', 'manifest.mpd.tmp');
    await writeFile(tmp, 'a new manifest');
    await rename(tmp, join(dir.path, 'heist', 'manifest.mpd'));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = await get('heist/manifest.mpd');
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(await after.text()).toBe('a new manifest');
  });
});

describe('aborted clients', () => {
  it('a client that vanishes mid-stream frees its response (and fd) and the server keeps serving', async () => {
    for (let i = 0; i < 5; i += 1) {
      const socket = connect(port, '127.0.0.1');
      socket.write(`GET /media/big.mp4 HTTP/1.1\r\nHost: x\r\n${i % 2 ? 'Range: bytes=1000-\r\n' : ''}\r\n`);
      await new Promise((resolve) => socket.once('data', resolve));
      socket.destroy();
    }
    const deadline = Date.now() + 5000;
    while (server.context.inFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.context.inFlight.size).toBe(0);
    const res = await get('heist/seg-1.m4s', { Range: 'bytes=0-9' });
    expect(res.status).toBe(206);
    await res.arrayBuffer();
  });
});

describe('deleted files', () => {
  it('a deleted file is 404 once the cache revalidates, and its descriptor is closed', async () => {
    const path = join(dir.path, 'doomed.m4s');
    await writeFile(path, 'soon gone');
    const first = await get('doomed.m4s');
    expect(await first.text()).toBe('soon gone');
    await unlink(path);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await get('doomed.m4s')).status).toBe(404);
    // No descriptor of this process still points at the deleted file.
    const fds = await readdir('/proc/self/fd');
    const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
    expect(targets.filter((t) => t.startsWith(path))).toEqual([]);
  });
});
