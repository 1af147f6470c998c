/** The player's pages and bundle over a real server: served, no secrets embedded, revalidated by ETag. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlayerBundle } from '../server/player/player-bundle.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { adminKeyFrom } from './support/rooms-api.ts';

const REPO = join(import.meta.dirname, '..');
let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ startTimeoutMs: 60_000 });
});
afterAll(() => server?.stop());

describe('player pages', () => {
  it('serves /, /watch/:room and /host/:room as static pages that never embed a key or token', async () => {
    const key = adminKeyFrom(server.output());
    for (const [path, page] of [['/', 'home'], ['/watch/abc', 'watch'], ['/host/abc', 'host']] as const) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain(`data-page="${page}"`);
      expect(html).toContain('<script type="module" src="/player/app.js">');
      expect(html).not.toContain(key);
    }
  });

  it('serves the esbuild bundle with an ETag and answers 304 to a matching If-None-Match', async () => {
    const res = await fetch(`${server.url}/player/app.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    const body = await res.text();
    expect(body).toContain('branchcast-player');
    expect(body).toContain('branchcast-console');
    expect(body).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    const etag = res.headers.get('etag')!;
    const again = await fetch(`${server.url}/player/app.js`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('serves the bundle that `npm run build` wrote, read from dist/ rather than bundled at start', async () => {
    // The first request above waited for the load, so the line is there by now.
    expect(server.output()).toMatch(/player bundle read from dist\/ in \d+ ms/);
    const served = new Uint8Array(await (await fetch(`${server.url}/player/app.js`)).arrayBuffer());
    expect(Buffer.from(served).equals(await readFile(join(REPO, 'dist', 'player', 'app.js')))).toBe(true);
  });

  it('loads the studio bundle on its first request, not at start, and serves it from dist/', async () => {
    expect(server.output()).not.toMatch(/studio bundle/);
    const res = await fetch(`${server.url}/player/studio.js`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(join(REPO, 'dist', 'player', 'studio.js')))).toBe(true);
    expect(server.output()).toMatch(/studio bundle read from dist\/ in \d+ ms/);
  });

  it('bundles the player in memory when it runs from source, as `npm run dev` does', async () => {
    const fromSource = await loadPlayerBundle(false);
    expect(fromSource.source).toBe('built');
    expect(Buffer.from(fromSource.js).toString()).toContain('branchcast-player');
  });
});
