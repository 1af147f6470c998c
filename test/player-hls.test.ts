/**
 * Issue 17.2 acceptance: the HLS path through a voted branch switch, in
 * Chromium. `?media=hls` forces the path on two viewers; a third stays on
 * dash.js. Debian's Chromium (156) plays HLS in <video> natively
 * (canPlayType says "maybe"), so viewer 1 runs the real native engine.
 * Viewer 2 runs hls.js (the devDependency, injected by the test, never in the
 * player bundle) with `?media=hls.js`: the stand-in for a native player on a
 * Chromium without one, and a second HLS implementation through the same
 * switch. Where Chromium has no native HLS, both HLS viewers use hls.js.
 * Real server with the demo media (packaging writes master.m3u8 beside every
 * manifest.mpd), one host console. Drift is sampled every 100 ms as in
 * test/player-e2e.test.ts.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoBrowser, type DemoBrowser } from './support/demo-browser.ts';
import { adminKeyFrom, createRoom } from './support/rooms-api.ts';
import { quantiles } from './support/sync-scenario.ts';

const HLS_JS = createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js');

interface Debug {
  status: string;
  node: string | null;
  roomNode: string | null;
  currentTime: number | null;
  roomPosition: number | null;
  paused: boolean | null;
  stats: { switches: Array<{ to: string; lateMs: number; wall: number; prepared: boolean }>; stalls: Array<{ ms: number; wall: number }>; mediaErrors: string[] };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const debug = (page: Page): Promise<Debug> =>
  page.evaluate(() => (document.querySelector('branchcast-player, branchcast-console') as unknown as { debugState?: () => Debug } | null)?.debugState?.() ?? ({ status: 'none' } as Debug));
/** The engine path the page's MediaController chose. */
const pathOf = (page: Page): Promise<string | null> =>
  page.evaluate(() => (document.querySelector('branchcast-player') as unknown as { playback?: { media?: { path?: string } | null } } | null)?.playback?.media?.path ?? null);

async function until(what: string, fn: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

let demo: DemoBrowser;

beforeAll(async () => {
  demo = await startDemoBrowser('hls');
}, 120_000);

afterAll(async () => {
  await demo?.stop();
});

describe('HLS path (native, and hls.js as its stand-in) in a live room', () => {
  it('plays and switches on the voted branch with no stalls and drift p95 under 33 ms', { timeout: 90_000 }, async () => {
    const { server, context } = demo;
    const room = await createRoom(server.url, adminKeyFrom(server.output()), 'demo');
    const host = context.pages()[0] ?? (await context.newPage());
    await host.goto(`${(room as typeof room & { hostUrl: string }).hostUrl}#token=${encodeURIComponent(room.hostToken)}`);
    const viewers: Page[] = [];
    const requests: string[][] = [];
    /** Per viewer: when (wall ms) the branch's playlist or manifest was first asked for. */
    const vaultAskedAt: number[] = [];
    for (const kind of ['hls', 'hls.js', 'dash'] as const) {
      const page = await context.newPage();
      const seen: string[] = [];
      const index = viewers.length;
      page.on('request', (r) => {
        if (!/\.(m3u8|mpd)(\?|$)/.test(r.url())) return;
        const path = new URL(r.url()).pathname;
        seen.push(path);
        if (/\/vault\/(master\.m3u8|manifest\.mpd)$/.test(path)) vaultAskedAt[index] ??= Date.now();
      });
      const url = new URL(room.joinUrl);
      if (kind !== 'dash') {
        await page.addInitScript({ path: HLS_JS });
        url.searchParams.set('media', kind);
      }
      await page.goto(url.href);
      viewers.push(page);
      requests.push(seen);
    }
    for (const page of [host, ...viewers]) await until('join', async () => (await debug(page)).status === 'open', 30_000);
    await host.locator('branchcast-console button.play').click();
    await until('media attached', async () => (await Promise.all(viewers.map(pathOf))).every((p) => p !== null), 15_000);
    const paths = await Promise.all(viewers.map(pathOf));
    // Native where this Chromium has it (the element's canPlayType decides); hls.js where asked for.
    expect(['hls', 'hls-shim']).toContain(paths[0]);
    expect(paths.slice(1)).toEqual(['hls-shim', 'dash']);

    const drift: number[][] = viewers.map(() => []);
    let voted = false;
    const started = Date.now();
    // The intro is 20 s and the switch lands at its end: sample through it and 3 s of the next node.
    while (Date.now() - started < 23_500) {
      const states = await Promise.all(viewers.map(debug));
      states.forEach((d, i) => {
        if (d.node && d.node === d.roomNode && d.currentTime !== null && d.roomPosition !== null && d.roomPosition > 1 && !d.paused) drift[i]!.push((d.currentTime - d.roomPosition) * 1000);
      });
      if (!voted && (states[0]?.roomPosition ?? 0) > 12.5 && states[0]?.roomNode === 'intro') {
        voted = true;
        for (const page of viewers.slice(0, 2)) await page.locator('branchcast-player .vote button.option[data-option="vault"]').click();
      }
      await sleep(100);
    }
    const pages = [host, ...viewers];
    await until('every page switched', async () => (await Promise.all(pages.map(debug))).every((d) => d.node === 'vault'), 15_000);
    const finals = await Promise.all(viewers.map(debug));
    const swaps = finals.map((d) => d.stats.switches.find((s) => s.to === 'vault'));
    const switchAt = Math.min(...swaps.map((s) => s?.wall ?? Infinity));
    const stalls = finals.map((d) => d.stats.stalls.filter((s) => Math.abs(s.wall - switchAt) < 3000).map((s) => s.ms));
    const hlsDrift = quantiles(drift.slice(0, 2).flat().map(Math.abs));
    const figures = {
      paths,
      hlsDriftP95Ms: Math.round(hlsDrift.p95 * 10) / 10,
      perViewerP95Ms: drift.map((d) => Math.round(quantiles(d.map(Math.abs)).p95 * 10) / 10),
      samples: drift.map((d) => d.length),
      swapLateMs: swaps.map((s) => Math.round(s?.lateMs ?? NaN)),
      prepared: swaps.map((s) => s?.prepared ?? false),
      stallsNearSwitchMs: stalls,
      branchWarmedMsBeforeSwitch: vaultAskedAt.map((t) => switchAt - t),
      manifests: requests.map((r) => [...new Set(r)]),
    };
    console.log('hls figures', JSON.stringify(figures));

    // The HLS viewers loaded playlists only; the DASH viewer manifests only.
    for (const seen of requests.slice(0, 2)) {
      expect(seen.some((p) => p.endsWith('/vault/master.m3u8'))).toBe(true);
      expect(seen.some((p) => p.endsWith('.mpd'))).toBe(false);
    }
    expect(requests[2]!.some((p) => p.endsWith('.m3u8'))).toBe(false);
    for (const d of finals) expect(d.stats.mediaErrors).toEqual([]);
    expect(swaps.every((s) => s?.prepared)).toBe(true);
    expect(stalls.flat()).toEqual([]);
    // Prefetch warmed the branch during the vote, before the switch was announced (2 s ahead).
    for (const t of vaultAskedAt) expect(switchAt - t).toBeGreaterThan(2500);
    expect(hlsDrift.samples).toBeGreaterThan(200);
    // The acceptance figure is over both HLS viewers' samples, as player-e2e pools its viewers.
    // Each viewer alone stays under 50 ms: alone on 2 cores each is 7-18 ms, but beside another
    // browser test hls.js (parsing on the main thread, no worker under the page's CSP) reached 36 ms.
    expect(hlsDrift.p95).toBeLessThan(33);
    for (const d of drift.slice(0, 2)) expect(quantiles(d.map(Math.abs)).p95).toBeLessThan(50);
  });
});
