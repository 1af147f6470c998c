/**
 * Idle memory: server RSS increase per idle joined viewer. Tokens are taken
 * first (branchcast keeps nothing per token), the server settles, then N
 * viewers join gently and sit idle; the increase over the settled baseline,
 * divided by N, is the cost of one idle viewer. RSS, not heap: it is what an
 * operator provisions. One heap step of a few MiB moved the figure by ±10 KiB
 * at N=500 when V8 collected whenever it liked; with a full GC before each
 * reading (below) the quick run's N=1,000 resolves about 1 KiB per viewer,
 * and the full run uses N=5,000. (A join-and-leave warm-up was tried: uWS then reuses
 * freed native memory and every uWS system reads near 0, which hides the cost.)
 *
 * Garbage: each system's server process preloads load/gc-preload.mjs, and
 * every RSS reading (before and after, every system alike) comes right after a
 * full V8 GC in that process plus `--gc-settle` ms. Without it the figure
 * followed whenever V8 last compacted: branchcast starts with ~30 MiB of
 * collectable startup garbage (story validation, module loading), and a join
 * burst that finally collected it read as a *negative* cost per viewer.
 *   npx tsx bench/idle-memory.ts [--quick] [--viewers 5000] [--settle 1500] [--gc-settle 500]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LoadPool } from './load/pool.ts';
import { processTreeRssBytes } from './load/process-rss.ts';
import { commonOptions, emit, emitRatios, progress, sleep, systemsFrom } from './load/report.ts';
import { startSystem, SYSTEMS, viewerTokens, type SystemName } from './load/systems.ts';

const { values } = parseArgs({ options: { ...commonOptions, viewers: { type: 'string' }, settle: { type: 'string', default: '1500' }, 'gc-settle': { type: 'string', default: '500' } } });
const viewers = Number(values.viewers ?? (values.quick ? 1000 : 5000));
const settleMs = Number(values.settle);
const gcSettleMs = Number(values['gc-settle']);
const GC_PRELOAD = fileURLToPath(new URL('./load/gc-preload.mjs', import.meta.url));

/** RSS of the server's process tree right after a full GC in its main process (SIGUSR2, gc-preload.mjs). */
async function collectedRss(pid: number): Promise<number> {
  process.kill(pid, 'SIGUSR2');
  await sleep(gcSettleMs);
  return processTreeRssBytes(pid);
}
const names = systemsFrom(values.systems, SYSTEMS);

const pool = await LoadPool.start(Math.max(2, Number(values.workers)));
const perViewer: Partial<Record<SystemName, number>> = {};
const params = { viewers, settleMs, gcSettleMs, gcBeforeReading: true };
try {
  for (const name of names) {
    const system = await startSystem(name, { preload: [GC_PRELOAD] });
    try {
      const room = await system.newRoom();
      const { tokens } = await viewerTokens(system, room.id, viewers, 32);
      await sleep(settleMs);
      const before = await collectedRss(system.pid);
      const join = await pool.join(system.url, system.transport, tokens, { concurrency: 64 });
      await sleep(settleMs);
      const after = await collectedRss(system.pid);
      const kb = (after - before) / 1024 / Math.max(1, join.joined);
      perViewer[name] = kb;
      const p = { ...params, joinFailures: join.failed, rssBeforeMiB: Math.round(before / 2 ** 20), rssAfterMiB: Math.round(after / 2 ** 20) };
      emit('idle-memory', name, 'rss_per_idle_viewer', kb, 'KiB', p);
      emit('idle-memory', name, 'server_rss', after / 2 ** 20, 'MiB', p);
      progress(`idle-memory ${name}: ${kb.toFixed(1)} KiB per viewer (${p.rssBeforeMiB} → ${p.rssAfterMiB} MiB, ${join.joined} joined)`);
      await pool.closeViewers();
      await sleep(300);
    } catch (error) {
      progress(`idle-memory ${name} failed: ${String(error)}`);
      await pool.closeViewers().catch(() => undefined);
    } finally {
      await system.stop();
    }
  }
  emitRatios('idle-memory', 'rss_per_idle_viewer', perViewer, params);
} finally {
  await pool.stop();
}
