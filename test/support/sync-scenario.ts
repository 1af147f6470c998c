/**
 * How closely real player pages follow the room, each behind its own link:
 * the sync bench (bench/sync.ts) and its E2E check (test/player-sync-jitter.test.ts)
 * both run this. Real server (`branchcast serve`) with generated demo media,
 * Debian's Chromium, one host console (direct) and one viewer page per link;
 * a link is direct or a delaying proxy on loopback (delay-proxy.ts). The host
 * plays, two viewers vote, the room switches at the end of the intro.
 *
 * Every 100 ms, per viewer (same machine as the server, so the page's wall
 * clock IS the server clock and the truth is known):
 * - drift: video.currentTime − the room position at the page's wall clock;
 * - clock-offset error: the player's estimate − the true offset;
 * - pairwise spread: |drift_i − drift_j| for each pair sampled in that round.
 * Switch skew: the spread of the pages' swap instants.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { adminKeyFrom, createRoom } from './rooms-api.ts';
import { startDelayProxy, type DelayProxy } from './delay-proxy.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { makeTempDir, type TempDir } from './temp-dir.ts';

export interface LinkSpec {
  /** Shown in reports: `direct`, `30+40` (base + jitter ms, each way). */
  name: string;
  baseMs: number;
  jitterMs: number;
}

export const DIRECT: LinkSpec = { name: 'direct', baseMs: 0, jitterMs: 0 };
export const link = (baseMs: number, jitterMs: number): LinkSpec => ({ name: `${baseMs}+${jitterMs}`, baseMs, jitterMs });

export interface Quantiles {
  p50: number;
  p95: number;
  max: number;
  samples: number;
}

export interface SyncFigures {
  perViewer: Array<{ link: string; drift: Quantiles; meanDriftMs: number; offsetError: Quantiles; uncertaintyP50: number; clockSamples: number }>;
  drift: Quantiles;
  spread: Quantiles;
  offsetError: Quantiles;
  switchSkewMs: number;
  switchLateMaxMs: number;
  stallsAtSwitch: number;
  mediaErrors: number;
}

interface Debug {
  status: string;
  node: string | null;
  roomNode: string | null;
  currentTime: number | null;
  roomPosition: number | null;
  paused: boolean | null;
  offset: number | null;
  trueOffset: number;
  uncertainty: number | null;
  clockSamples: number;
  stats: { switches: Array<{ to: string; lateMs: number; wall: number }>; stalls: Array<{ ms: number; wall: number }>; mediaErrors: string[]; seeks: number };
}

const REPO = join(import.meta.dirname, '..', '..');
// Debian's Chromium: the autoplay flag lets play() start unmuted; the networking flags keep Chromium off the closed network.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const debug = (page: Page): Promise<Debug> =>
  page.evaluate(() => (document.querySelector('branchcast-player, branchcast-console') as unknown as { debugState?: () => Debug } | null)?.debugState?.() ?? ({ status: 'none' } as Debug));

export function quantiles(xs: readonly number[]): Quantiles {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? NaN, samples: s.length };
}

async function until(what: string, fn: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Runs one pass of the demo story with a viewer page per link; cleans up everything it started. */
export async function runSyncScenario(links: readonly LinkSpec[], log: (line: string) => void = () => undefined): Promise<SyncFigures> {
  const dirs: TempDir[] = [];
  const proxies: DelayProxy[] = [];
  let server: ServerProcess | undefined;
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  try {
    const media = await makeTempDir('branchcast-sync-media-');
    const profile = await makeTempDir('branchcast-sync-profile-');
    dirs.push(media, profile);
    log('generating demo media…');
    await promisify(execFile)(process.execPath, [join(REPO, 'bin', 'branchcast.js'), 'media', 'demo', '--media', media.path], { cwd: REPO });
    server = await startServerProcess({ args: ['--media', media.path], startTimeoutMs: 60_000 });
    const room = await createRoom(server.url, adminKeyFrom(server.output()), 'demo');
    context = await chromium.launchPersistentContext(profile.path, { executablePath: '/usr/bin/chromium', headless: true, args: FLAGS, viewport: { width: 960, height: 540 } });
    const host = context.pages()[0] ?? (await context.newPage());
    await host.goto(`${(room as typeof room & { hostUrl: string }).hostUrl}#token=${encodeURIComponent(room.hostToken)}`);
    const viewers: Page[] = [];
    for (const [i, spec] of links.entries()) {
      let url = room.joinUrl;
      if (spec.baseMs > 0 || spec.jitterMs > 0) {
        const proxy = await startDelayProxy({ target: server.port, baseMs: spec.baseMs, jitterMs: spec.jitterMs, seed: i + 1 });
        proxies.push(proxy);
        url = url.replace(`:${server.port}/`, `:${proxy.port}/`);
      }
      const page = await context.newPage();
      await page.goto(url);
      viewers.push(page);
    }
    for (const page of [host, ...viewers]) await until('join', async () => (await debug(page)).status === 'open', 30_000);
    log(`${viewers.length} viewers joined (${links.map((l) => l.name).join(', ')}); playing`);
    await host.locator('branchcast-console button.play').click();

    const drift: number[][] = links.map(() => []);
    const offsetError: number[][] = links.map(() => []);
    const uncertainty: number[][] = links.map(() => []);
    const spread: number[] = [];
    let voted = false;
    const started = Date.now();
    // The intro is 20 s and the switch lands at its end: sample through it and 3 s of the next node.
    while (Date.now() - started < 23_000) {
      const states = await Promise.all(viewers.map(debug));
      const round: Array<number | undefined> = states.map((d) =>
        d.node && d.node === d.roomNode && d.currentTime !== null && d.roomPosition !== null && d.roomPosition > 1 && !d.paused ? (d.currentTime - d.roomPosition) * 1000 : undefined,
      );
      states.forEach((d, i) => {
        if (round[i] !== undefined) drift[i]!.push(round[i]!);
        if (d.offset !== null) offsetError[i]!.push(Math.abs(d.offset - d.trueOffset));
        if (d.uncertainty !== null) uncertainty[i]!.push(d.uncertainty);
      });
      for (let i = 0; i < round.length; i++) for (let j = i + 1; j < round.length; j++) if (round[i] !== undefined && round[j] !== undefined) spread.push(Math.abs(round[i]! - round[j]!));
      if (!voted && (states[0]?.roomPosition ?? 0) > 12.5 && states[0]?.roomNode === 'intro') {
        voted = true;
        for (const page of viewers.slice(0, 2)) await page.locator('branchcast-player .vote button.option[data-option="vault"]').click();
        log('voted');
      }
      await sleep(100);
    }
    if (process.env.BRANCHCAST_SYNC_TRACE) log(JSON.stringify({ drift: drift.map((d) => d.map((x) => Math.round(x))), offsetError: offsetError.map((d) => d.map((x) => Math.round(x * 10) / 10)) }));
    const pages = [host, ...viewers];
    await until('every page switched', async () => (await Promise.all(pages.map(debug))).every((d) => d.node === 'vault'), 15_000);
    const finals = await Promise.all(pages.map(debug));
    const swaps = finals.map((d) => d.stats.switches.find((s) => s.to === 'vault'));
    const walls = swaps.map((s) => s?.wall ?? NaN);
    const switchAt = Math.min(...walls);
    const viewerFinals = finals.slice(1);
    return {
      perViewer: links.map((l, i) => ({
        link: l.name,
        drift: quantiles(drift[i]!.map(Math.abs)),
        meanDriftMs: drift[i]!.reduce((a, b) => a + b, 0) / Math.max(1, drift[i]!.length),
        offsetError: quantiles(offsetError[i]!),
        uncertaintyP50: quantiles(uncertainty[i]!).p50,
        clockSamples: viewerFinals[i]?.clockSamples ?? 0,
      })),
      drift: quantiles(drift.flat().map(Math.abs)),
      spread: quantiles(spread),
      offsetError: quantiles(offsetError.flat()),
      switchSkewMs: Math.max(...walls) - switchAt,
      switchLateMaxMs: Math.max(...swaps.map((s) => s?.lateMs ?? NaN)),
      stallsAtSwitch: finals.flatMap((d) => d.stats.stalls.filter((s) => Math.abs(s.wall - switchAt) < 3000)).length,
      mediaErrors: finals.reduce((n, d) => n + d.stats.mediaErrors.length, 0),
    };
  } finally {
    await context?.close().catch(() => undefined);
    for (const proxy of proxies) await proxy.stop();
    await server?.stop();
    for (const dir of dirs) await dir.remove();
  }
}
