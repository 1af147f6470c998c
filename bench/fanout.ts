/**
 * Room fan-out: N viewers in one room, broadcast events at rate R, on
 * branchcast and its peers in the same run, one system at a time on the same
 * load generator. branchcast's broadcast path is the host's `seek` (a
 * durable `timeline` event to everyone, plus the COMMENTS window frame that
 * follows a seek); the peers relay an equivalent `timeline` event.
 *   npx tsx bench/fanout.ts [--quick] [--duration 5] [--cells 1000:100,1000:1000,5000:50] [--systems branchcast,uws-raw] [--rounds 1]
 */
import { parseArgs } from 'node:util';
import { epochMs, stampPosition } from './load/histogram.ts';
import { LoadPool } from './load/pool.ts';
import { processTreeRssBytes } from './load/process-rss.ts';
import { commonOptions, cpuWindow, emitRatios, interleavedRounds, limitedBy, machineWindow, progress, sleep, systemsFrom, type Measurement } from './load/report.ts';
import { HostConnection, startSystem, SYSTEMS, viewerTokens, type BenchSystem } from './load/systems.ts';

const { values } = parseArgs({ options: { ...commonOptions, cells: { type: 'string' } } });
const quick = values.quick;
const durationS = Number(values.duration ?? (quick ? 2 : 5));
const cells = (values.cells ?? (quick ? '200:50' : '1000:100,1000:1000,5000:50')).split(',').map((c) => {
  const [n, r] = c.split(':').map(Number);
  return { n: n ?? 0, r: r ?? 0 };
});
const names = systemsFrom(values.systems, SYSTEMS);
/** One round by default: a fan-out cell is long, and 15 minutes is the budget for the full suite. */
const rounds = Number(values.rounds ?? 1);
const DRAIN_MS = 3000;

type CellResult = Measurement & { cpuPerMsg: number };

async function runCell(system: BenchSystem, pool: LoadPool, n: number, r: number): Promise<CellResult> {
  const params: Record<string, unknown> = { viewers: n, rate: r, durationS, workers: pool.pids.length };
  const room = await system.newRoom();
  const { tokens, failures } = await viewerTokens(system, room.id, n);
  const join = await pool.join(system.url, system.transport, tokens);
  const host = await HostConnection.open(system.url, room.hostToken, system.transport);
  // Warm-up: JIT and buffers, half a second at the same rate.
  await pool.reset();
  const warm = await sendAtRate(host, r, 500);
  await quiesce(pool, warm * join.joined);
  await pool.reset();
  const window = cpuWindow(system.pid);
  const machine = machineWindow();
  const t0 = epochMs();
  const sent = await sendAtRate(host, r, durationS * 1000);
  const t1 = epochMs();
  const server = window();
  const machineBusy = machine();
  const expected = sent * join.joined;
  const drainUntil = Date.now() + DRAIN_MS;
  let final = await pool.stats();
  while (final.events < expected && Date.now() < drainUntil) {
    await sleep(200);
    final = await pool.stats();
  }
  const rss = processTreeRssBytes(system.pid);
  // Worker CPU is read after the drain: an upper bound for the window.
  const workerCores = final.cpuMs.map((ms) => ms / (epochMs() - t0));
  const inWindow = final.eventsBetween(t0, t1);
  const deliveredPerS = (inWindow * 1000) / (t1 - t0);
  const share = expected > 0 ? final.events / expected : 0;
  Object.assign(params, { limitedBy: limitedBy(server.cores, workerCores, inWindow / Math.max(1, expected), machineBusy), machineBusy: Math.round(machineBusy * 100) / 100, joinFailures: join.failed + failures, hostErrors: host.errors, hostLastError: host.lastError || undefined });
  const cpuPerMsg = (server.cpuMs * 1000) / Math.max(1, inWindow);
  const s = system.name;
  const lines = [
    { metric: 'delivered_per_second', value: deliveredPerS, unit: 'msg/s' },
    { metric: 'offered_per_second', value: (sent * join.joined * 1000) / server.wallMs, unit: 'msg/s' },
    { metric: 'delivered_share', value: share, unit: 'ratio' },
    { metric: 'latency_p50', value: final.latency.percentile(0.5), unit: 'ms' },
    { metric: 'latency_p99', value: final.latency.percentile(0.99), unit: 'ms' },
    { metric: 'server_cpu_per_message', value: cpuPerMsg, unit: 'µs' },
    { metric: 'server_cpu', value: server.cores * 100, unit: '% of a core' },
    { metric: 'client_cpu', value: workerCores.reduce((a, b) => a + b, 0) * 100, unit: '% of a core' },
    { metric: 'server_rss', value: rss / 2 ** 20, unit: 'MiB' },
    { metric: 'frames_per_second', value: (final.frames * 1000) / (epochMs() - t0), unit: 'frames/s' },
  ];
  progress(`fanout ${s} N=${n} R=${r}: ${Math.round(deliveredPerS)} msg/s (${Math.round(share * 100)}% delivered), p99 ${final.latency.percentile(0.99)} ms, ${cpuPerMsg.toFixed(2)} µs/msg, limited by ${String(params.limitedBy)} (server ${Math.round(server.cores * 100)}%, workers ${workerCores.map((c) => Math.round(c * 100)).join('+')}% of a core)`);
  host.close();
  await pool.closeViewers();
  await sleep(500);
  return { key: deliveredPerS, lines, params, cpuPerMsg };
}

/** Waits (at most 10 s) until every warm-up event has arrived, so none is counted in the measured window. */
async function quiesce(pool: LoadPool, expected: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { events } = await pool.stats();
    if (events >= expected) break;
    await sleep(100);
  }
  await sleep(200); // stragglers from viewers that lost some (closed ones never arrive)
}

/** Sends `seek`s carrying their send time at `rate` per second for `ms`; bounded by both. Returns how many were sent. */
async function sendAtRate(host: HostConnection, rate: number, ms: number): Promise<number> {
  const limit = Math.ceil((rate * ms) / 1000);
  const start = epochMs();
  let sent = 0;
  while (sent < limit) {
    const elapsed = epochMs() - start;
    if (elapsed >= ms) break;
    const due = Math.min(limit, Math.floor((rate * elapsed) / 1000) + 1);
    for (; sent < due; sent += 1) host.send({ type: 'seek', position: stampPosition() });
    await sleep(5);
  }
  return sent;
}

const pool = await LoadPool.start(Math.max(2, Number(values.workers)));
try {
  for (const { n, r } of cells) {
    const kept = await interleavedRounds('fanout', rounds, names, async (name) => {
      // A fresh process per run: no system inherits another run's heap.
      const system = await startSystem(name);
      try {
        return await runCell(system, pool, n, r);
      } finally {
        await pool.closeViewers().catch(() => undefined);
        await system.stop();
      }
    });
    const params = { viewers: n, rate: r, durationS };
    emitRatios('fanout', 'delivered_per_second', Object.fromEntries(Object.entries(kept).map(([k, m]) => [k, m.key])), params);
    emitRatios('fanout', 'server_cpu_per_message', Object.fromEntries(Object.entries(kept).map(([k, m]) => [k, (m as CellResult).cpuPerMsg])), params);
  }
} finally {
  await pool.stop();
}
