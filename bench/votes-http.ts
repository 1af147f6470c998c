/**
 * Vote ingestion over HTTP: autocannon POSTs viewer `vote` commands to
 * `POST /api/rooms/:id/commands` (Bearer viewer tokens, JSON) while N
 * WebSocket viewers receive the TALLY broadcasts. branchcast answers once the
 * vote is durable; uws-raw is the raw uWS HTTP tally endpoint (the ceiling);
 * ws and socket.io peers answer from node:http.
 * Systems take turns in interleaved rounds; the median round is kept.
 *   npx tsx bench/votes-http.ts [--quick] [--duration 5] [--viewers 1000] [--connections 32] [--rounds 2]
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { LoadPool } from './load/pool.ts';
import { commonOptions, cpuWindow, emitRatios, interleavedRounds, limitedBy, machineWindow, progress, sleep, systemsFrom, type Measurement } from './load/report.ts';
import { commitWindow } from './load/commit-stats.ts';
import { startSystem, SYSTEMS, viewerTokens, type SystemName } from './load/systems.ts';
import { OPTIONS } from './peers/tally-room.ts';

/** The subset of autocannon 9's API and result we use (it ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: Array<{ method: 'POST'; path: string; headers: Record<string, string>; body: string }>;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values } = parseArgs({ options: { ...commonOptions, viewers: { type: 'string' }, connections: { type: 'string', default: '32' } } });
const durationS = Number(values.duration ?? (values.quick ? 2 : 5));
const viewers = Number(values.viewers ?? (values.quick ? 100 : 1000));
const connections = Number(values.connections);
const names = systemsFrom(values.systems, SYSTEMS);
const rounds = Number(values.rounds ?? (values.quick ? 1 : 2));
/** Distinct voting subjects autocannon cycles through. */
const SUBJECTS = 50;

const pool = await LoadPool.start(Math.max(2, Number(values.workers)));
const params = { viewers, connections, durationS, subjects: SUBJECTS };

async function measure(name: SystemName): Promise<Measurement> {
  const system = await startSystem(name);
  try {
    const room = await system.newRoom({ voteOpen: true });
    const { tokens } = await viewerTokens(system, room.id, viewers);
    const { tokens: voterTokens } = await viewerTokens(system, room.id, SUBJECTS);
    const join = await pool.join(system.url, system.transport, tokens);
    // Each connection cycles through these in order: every subject's next vote is for another
    // option, so every vote changes the tally (a repeated vote changes nothing and sends no TALLY).
    const requests = Array.from({ length: voterTokens.length * OPTIONS.length }, (_, j) => ({
      method: 'POST' as const,
      path: `/api/rooms/${room.id}/commands`,
      headers: { Authorization: `Bearer ${voterTokens[j % voterTokens.length] ?? ''}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ cmd: { type: 'vote', option: OPTIONS[Math.floor(j / voterTokens.length) % OPTIONS.length] } }),
    }));
    await autocannon({ url: system.url, connections, duration: 1, requests }); // warm-up
    await pool.reset();
    const commits = await commitWindow(system.url);
    const window = cpuWindow(system.pid);
    const machine = machineWindow();
    const self = process.cpuUsage(); // autocannon runs in this process: it is load-generator CPU too
    const r = await autocannon({ url: system.url, connections, duration: durationS, requests });
    const server = window();
    const machineBusy = machine();
    const commit = await commits();
    const stats = await pool.stats();
    const selfCpu = process.cpuUsage(self);
    const workerCores = [...stats.cpuMs, (selfCpu.user + selfCpu.system) / 1000].map((ms) => ms / server.wallMs);
    const p = { ...params, durable: name === 'branchcast', joinFailures: join.failed, limitedBy: limitedBy(server.cores, workerCores, 0, machineBusy), machineBusy: Math.round(machineBusy * 100) / 100, tallyFramesReceived: stats.tallies, ...(commit && { commit }) };
    progress(`votes-http ${name}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, ${r.errors + r.timeouts + r.non2xx} errors, ${stats.tallies} tallies to ${join.joined} viewers, limited by ${p.limitedBy}${commit ? `, ${commit.commitsPerSecond} commits/s of ${commit.recordsPerCommit} records, sync ${commit.syncMeanMs} ms, command ${commit.commandMeanMs} ms` : ''}`);
    return {
      key: r.requests.average,
      params: p,
      lines: [
        { metric: 'requests_per_second', value: r.requests.average, unit: 'req/s' },
        { metric: 'latency_p50', value: r.latency.p50, unit: 'ms' },
        { metric: 'latency_p90', value: r.latency.p90, unit: 'ms' },
        { metric: 'latency_p99', value: r.latency.p99, unit: 'ms' },
        { metric: 'errors', value: r.errors + r.timeouts + r.non2xx, unit: 'count' },
        { metric: 'tallies_per_viewer_per_second', value: (stats.tallies * 1000) / Math.max(1, join.joined) / server.wallMs, unit: '1/s' },
        { metric: 'server_cpu_per_request', value: (server.cpuMs * 1000) / Math.max(1, r.requests.total), unit: 'µs' },
      ],
    };
  } finally {
    await pool.closeViewers().catch(() => undefined);
    await system.stop();
    await sleep(300);
  }
}

try {
  const kept = await interleavedRounds('votes-http', rounds, names, measure);
  emitRatios('votes-http', 'requests_per_second', Object.fromEntries(Object.entries(kept).map(([n, m]) => [n, m.key])), params);
} finally {
  await pool.stop();
}
