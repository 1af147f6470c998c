/**
 * `npx tsx bench/sync.ts [--viewers 3] [--verbose]`: how closely the web player
 * follows the room timeline on loopback, and how together pages switch branch.
 * Real server (`branchcast serve`), generated demo media, Debian's Chromium:
 * one host console and N viewer pages of the demo story. The host plays, two
 * viewers vote, the room switches at the end of the intro segment.
 *
 * Drift: every 100 ms, each viewer's `video.currentTime` minus the room
 * timeline's position at the page's wall clock (same machine as the server,
 * so the page clock is the server clock; the player itself uses its own
 * NTP-style estimate). Switch skew: the spread of the pages' swap instants.
 *
 * Prints JSON lines on stdout: {scenario:'sync', system:'branchcast', metric, value, unit, params}.
 * Progress goes to stderr. Loopback only; bounded in time.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { startServerProcess } from '../test/support/server-process.ts';
import { adminKeyFrom, createRoom } from '../test/support/rooms-api.ts';

// --quick is accepted for bench/run.ts; the scenario is already short (one 23 s pass).
const { values } = parseArgs({ options: { viewers: { type: 'string', default: '3' }, quick: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } } });
const VIEWERS = Math.max(1, Math.min(8, Number(values.viewers)));
const REPO = join(import.meta.dirname, '..');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'];

interface Debug {
  status: string;
  node: string | null;
  roomNode: string | null;
  currentTime: number | null;
  roomPosition: number | null;
  paused: boolean | null;
  stats: { switches: Array<{ to: string; lateMs: number; wall: number }>; stalls: Array<{ ms: number; wall: number }>; mediaErrors: string[]; seeks: number };
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const debug = (page: Page): Promise<Debug> => page.evaluate(() => (document.querySelector('branchcast-player, branchcast-console') as unknown as { debugState(): Debug }).debugState());
const quantile = (xs: number[], q: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? NaN; };
const params = { viewers: VIEWERS, transport: 'loopback', story: 'demo', segmentSeconds: 2, fps: 25 };
const emit = (metric: string, value: number, unit: string): void => console.log(JSON.stringify({ scenario: 'sync', system: 'branchcast', metric, value: Math.round(value * 10) / 10, unit, params }));

async function until(what: string, fn: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const media = await mkdtemp(join(tmpdir(), 'branchcast-bench-sync-media-'));
const profile = await mkdtemp(join(tmpdir(), 'branchcast-bench-sync-profile-'));
log('generating demo media…');
await promisify(execFile)(process.execPath, [join(REPO, 'bin', 'branchcast.js'), 'media', 'demo', '--media', media], { cwd: REPO });
const server = await startServerProcess({ args: ['--media', media], startTimeoutMs: 60_000 });
const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: FLAGS, viewport: { width: 960, height: 540 } });
try {
  const room = await createRoom(server.url, adminKeyFrom(server.output()), 'demo');
  const host = context.pages()[0] ?? (await context.newPage());
  await host.goto(`${(room as typeof room & { hostUrl: string }).hostUrl}#token=${encodeURIComponent(room.hostToken)}`);
  const viewers: Page[] = [];
  for (let i = 0; i < VIEWERS; i++) {
    const page = await context.newPage();
    await page.goto(room.joinUrl);
    viewers.push(page);
  }
  for (const page of [host, ...viewers]) await until('join', async () => (await debug(page)).status === 'open', 20_000);
  log(`${VIEWERS} viewers joined; playing`);
  await host.locator('branchcast-console button.play').click();

  const drift: number[] = [];
  let voted = false;
  const started = Date.now();
  // The intro is 20 s; the switch lands at its end. Sample through it and 3 s of the next node.
  while (Date.now() - started < 23_000) {
    const states = await Promise.all(viewers.map(debug));
    for (const d of states) {
      if (d.node && d.node === d.roomNode && d.currentTime !== null && d.roomPosition !== null && d.roomPosition > 1 && !d.paused) { drift.push(Math.abs(d.currentTime - d.roomPosition) * 1000); if (values.verbose && Math.abs(d.currentTime - d.roomPosition) > 0.05) log(`big ${d.node} pos=${d.roomPosition.toFixed(2)} drift=${((d.currentTime - d.roomPosition) * 1000).toFixed(0)}`); }
    }
    if (!voted && (states[0]?.roomPosition ?? 0) > 12.5 && states[0]?.roomNode === 'intro') {
      voted = true;
      for (const page of viewers.slice(0, 2)) await page.locator('branchcast-player .vote button.option[data-option="vault"]').click();
      log('voted');
    }
    await sleep(100);
  }
  const pages = [host, ...viewers];
  await until('every page switched', async () => (await Promise.all(pages.map(debug))).every((d) => d.node === 'vault'), 10_000);
  const states = await Promise.all(pages.map(debug));
  const swaps = states.map((d) => d.stats.switches.find((s) => s.to === 'vault'));
  const walls = swaps.map((s) => s?.wall ?? NaN);
  const switchAt = Math.min(...walls);
  emit('drift_p50_abs', quantile(drift, 0.5), 'ms');
  emit('drift_p95_abs', quantile(drift, 0.95), 'ms');
  emit('drift_p99_abs', quantile(drift, 0.99), 'ms');
  emit('drift_samples', drift.length, 'count');
  emit('switch_skew', Math.max(...walls) - switchAt, 'ms');
  emit('switch_late_max', Math.max(...swaps.map((s) => s?.lateMs ?? NaN)), 'ms');
  emit('stalls_over_200ms_at_switch', states.flatMap((d) => d.stats.stalls.filter((s) => Math.abs(s.wall - switchAt) < 3000)).length, 'count');
  emit('media_errors', states.reduce((n, d) => n + d.stats.mediaErrors.length, 0), 'count');
} finally {
  await context.close();
  await server.stop();
  await rm(profile, { recursive: true, force: true });
  await rm(media, { recursive: true, force: true });
}
