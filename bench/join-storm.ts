/**
 * Join storm: N viewers get tokens over HTTP, then all connect at once and
 * wait for WELCOME, on branchcast and its peers in one run.
 *   npx tsx bench/join-storm.ts [--quick] [--viewers 5000]
 */
import { parseArgs } from 'node:util';
import { LoadPool } from './load/pool.ts';
import { processTreeRssBytes } from './load/process-rss.ts';
import { commonOptions, cpuWindow, emit, emitRatios, progress, sleep, systemsFrom } from './load/report.ts';
import { startSystem, SYSTEMS, viewerTokens, type SystemName } from './load/systems.ts';

const { values } = parseArgs({ options: { ...commonOptions, viewers: { type: 'string' }, concurrency: { type: 'string', default: '500' } } });
const viewers = Number(values.viewers ?? (values.quick ? 500 : 5000));
/** Connects in flight per worker: a storm, bounded so the loopback accept queue is not the thing measured. */
const concurrency = Number(values.concurrency);
const names = systemsFrom(values.systems, SYSTEMS);

const pool = await LoadPool.start(Math.max(2, Number(values.workers)));
const wall: Partial<Record<SystemName, number>> = {};
const params = { viewers, concurrencyPerWorker: concurrency, workers: pool.pids.length };
try {
  for (const name of names) {
    const system = await startSystem(name);
    try {
      const room = await system.newRoom();
      const tokens = await viewerTokens(system, room.id, viewers, 32);
      const window = cpuWindow(system.pid);
      const join = await pool.join(system.url, system.transport, tokens.tokens, { concurrency, timeoutMs: 60_000 });
      const server = window();
      const failures = join.failed + tokens.failures;
      const p = { ...params, failureSamples: join.failures.slice(0, 3) };
      wall[name] = join.wallMs;
      emit('join-storm', name, 'tokens_time', tokens.ms, 'ms', p);
      emit('join-storm', name, 'join_time', join.wallMs, 'ms', p);
      emit('join-storm', name, 'all_joined_time', tokens.ms + join.wallMs, 'ms', p);
      emit('join-storm', name, 'joined', join.joined, 'viewers', p);
      emit('join-storm', name, 'failures', failures, 'count', p);
      emit('join-storm', name, 'join_latency_p50', join.latency.percentile(0.5), 'ms', p);
      emit('join-storm', name, 'join_latency_p99', join.latency.percentile(0.99), 'ms', p);
      emit('join-storm', name, 'server_cpu_per_join', (server.cpuMs * 1000) / Math.max(1, join.joined), 'µs', p);
      emit('join-storm', name, 'server_rss', processTreeRssBytes(system.pid) / 2 ** 20, 'MiB', p);
      progress(`join-storm ${name}: ${join.joined}/${viewers} joined in ${Math.round(join.wallMs)} ms (+${tokens.ms} ms for tokens), ${failures} failures, p99 ${join.latency.percentile(0.99)} ms`);
      await pool.closeViewers();
      await sleep(500);
    } catch (error) {
      progress(`join-storm ${name} failed: ${String(error)}`);
      await pool.closeViewers().catch(() => undefined);
    } finally {
      await system.stop();
    }
  }
  emitRatios('join-storm', 'join_time', wall, params);
} finally {
  await pool.stop();
}
