/**
 * Re-packaging never serves a stale segment. A client holds clip A's manifests
 * and every segment (cached as immutable); the node is re-packaged with clip
 * B. Each old URL must answer the old bytes or 404, never other bytes; the
 * new manifests (at the same stable URLs, revalidated by ETag) name new URLs.
 * A third package ends the old version's grace: its URLs are gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveServerConfig } from '../server/config.ts';
import { demoNodeInput } from '../server/packaging/demo-node-input.ts';
import { ffmpegTools } from '../server/packaging/ffmpeg-tools.ts';
import { packageMedia } from '../server/packaging/package-media.ts';
import { createServer, type BranchcastServer } from '../server/server.ts';
import { parseMaster, parseMediaPlaylist } from './support/hls-playlist.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const tools = ffmpegTools();
const NODE = 'heist/intro';
let tmp: TempDir;
let server: BranchcastServer;
let base: string;

interface Snapshot {
  mpd: { etag: string; text: string };
  masterEtag: string;
  /** Every segment and playlist URL the manifests lead to, with its bytes. */
  files: Map<string, Buffer>;
}

beforeAll(async () => {
  tmp = await makeTempDir('branchcast-versions-');
  server = createServer(resolveServerConfig({ port: '0', media: tmp.path }, {}, tmp.path), { log: () => undefined });
  base = `http://127.0.0.1:${(await server.listen()).port}/media/${NODE}/`;
});
afterAll(async () => {
  await server?.close();
  await tmp?.remove();
});

async function get(url: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** Fetches the manifests and everything the HLS playlists name, checking the cache policy of each. */
async function snapshot(): Promise<Snapshot> {
  const mpd = await get(`${base}manifest.mpd`);
  expect(mpd.status).toBe(200);
  expect(mpd.headers.get('cache-control')).toBe('no-cache');
  const masterUrl = `${base}master.m3u8`;
  const master = await get(masterUrl);
  expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
  expect(master.headers.get('cache-control')).toBe('no-cache');
  const files = new Map<string, Buffer>();
  const parsed = parseMaster(master.body.toString());
  for (const uri of [...parsed.variants, ...parsed.media]) {
    const playlistUrl = new URL(uri, masterUrl).href;
    const playlist = await get(playlistUrl);
    expect(playlist.status).toBe(200);
    files.set(playlistUrl, playlist.body);
    const media = parseMediaPlaylist(playlist.body.toString());
    for (const seg of [media.map, ...media.segments.map((s) => s.uri)]) {
      const url = new URL(seg, playlistUrl).href;
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable');
      expect(mpd.body.toString(), 'the MPD names the same version folder').toContain(url.slice(base.length).split('/')[0]!);
      files.set(url, res.body);
    }
  }
  return { mpd: { etag: mpd.headers.get('etag') ?? '', text: mpd.body.toString() }, masterEtag: master.headers.get('etag') ?? '', files };
}

/**
 * The server re-checks each cached file at most once a second, each on its own
 * clock: wait (bounded) until both manifests show the new package, or the MPD
 * may already name the new version folder while master.m3u8 still names the old.
 */
async function newManifests(old: Snapshot): Promise<void> {
  for (const [name, oldEtag] of [['manifest.mpd', old.mpd.etag], ['master.m3u8', old.masterEtag]] as const) {
    for (let i = 0; ; i++) {
      const res = await fetch(`${base}${name}`, { headers: { 'If-None-Match': oldEtag } });
      await res.arrayBuffer();
      if (res.status === 200) break;
      expect(res.status).toBe(304);
      if (i >= 40) throw new Error(`the re-packaged ${name} never showed`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Each URL answers its old bytes or 404 (an open-file cache may serve a deleted file's old bytes for up to a second). */
async function expectOldBytesOrGone(files: Map<string, Buffer>): Promise<void> {
  for (const [url, bytes] of files) {
    const res = await get(url);
    expect([200, 404], url).toContain(res.status);
    if (res.status === 200) expect(res.body.equals(bytes), url).toBe(true);
  }
}

async function pack(id: string, index: number, duration: number): Promise<void> {
  await packageMedia({ tools, input: demoNodeInput(id, index, duration), outDir: join(tmp.path, NODE), options: { cues: [1] }, replace: true });
}

describe('re-packaging a node', () => {
  it('never answers an old URL with new bytes, and points the stable manifests at new URLs', async () => {
    await pack('a', 0, 3);
    const a = await snapshot();
    expect(a.files.size).toBeGreaterThanOrEqual(6);

    await pack('b', 1, 5);
    await newManifests(a);
    const b = await snapshot();
    expect(b.mpd.text).not.toBe(a.mpd.text);
    expect([...b.files.keys()].filter((url) => a.files.has(url))).toEqual([]);
    // Within the grace (one package), old URLs still answer the old bytes.
    await expectOldBytesOrGone(a.files);

    await pack('c', 2, 3);
    await newManifests(b);
    // A's version is gone from disk now; B's (just replaced) still answers its own bytes.
    const versionOf = (s: Snapshot) => [...s.files.keys()][0]!.slice(base.length).split('/')[0]!;
    const left = await readdir(join(tmp.path, NODE));
    expect(left).not.toContain(versionOf(a));
    expect(left).toContain(versionOf(b));
    await expectOldBytesOrGone(a.files);
    for (const [url, bytes] of b.files) expect((await get(url)).body.equals(bytes), url).toBe(true);
  });
});
