/**
 * Before and after issue 14's build step, in one run: the same server compiled
 * (`node dist/branchcast.js serve`) and from TypeScript source
 * (`node --import tsx server/cli/entry.ts serve`). For each: server CPU per
 * 1 KB HTTP Range request, per durable vote acknowledged over WebSocket, and
 * the time to start. Each round starts both fresh, one after the other, in an
 * order that alternates between rounds, so both see the same machine load;
 * values are medians over rounds, ratios the median of each round's ratio.
 *   npx tsx bench/compiled-vs-source.ts [--quick] [--rounds 3] [--duration 5] [--connections 32] [--voters 100] [--window 4] [--workers 2]
 * Prints JSON lines ({scenario, system, metric, value, unit, params}) like the other scripts.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { LoadPool } from './load/pool.ts';
import { emit, machineWindow, progress, sleep } from './load/report.ts';
import { measureRanges, rangeMedia, type RangeCell } from './compiled-vs-source/range-cells.ts';
import { startVariant, staleSources, VARIANTS, type VariantName } from './compiled-vs-source/variants.ts';
import { measureVotes, type VoteCell } from './compiled-vs-source/vote-cells.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string', default: '32' },
    voters: { type: 'string', default: '100' },
    window: { type: 'string', default: '4' },
    workers: { type: 'string', default: '2' },
  },
});
const rounds = Math.max(1, Number(values.rounds ?? (values.quick ? 1 : 3)));
const durationS = Number(values.duration ?? (values.quick ? 1.5 : 5));
const connections = Number(values.connections);
const voters = Number(values.voters);
const windowSize = Number(values.window);
const SCENARIO = 'compiled-vs-source';

interface Sample {
  round: number;
  startupMs: number;
  readyMs: number;
  ranges: RangeCell;
  votes: VoteCell;
  machineBusy: number;
}

const stale = staleSources();
if (stale.length > 0) progress(`${SCENARIO}: warning, newer than dist/branchcast.js (the two variants run different code; npm run build): ${stale.join(', ')}`);

const loadBefore = loadavg()[0] ?? 0;
const samples: Record<VariantName, Sample[]> = { compiled: [], source: [] };
const media = await rangeMedia();
const pool = await LoadPool.start(Math.max(1, Number(values.workers)));
try {
  for (let round = 0; round < rounds; round += 1) {
    for (const name of round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
      try {
        const { system, startupMs, readyMs } = await startVariant(name, ['--media', media.path]);
        try {
          const machine = machineWindow();
          const ranges = await measureRanges(system.url, system.pid, { connections, durationS, warmupS: Math.min(1, durationS) });
          const votes = await measureVotes(system, pool, { voters, window: windowSize, durationS });
          samples[name].push({ round, startupMs, readyMs, ranges, votes, machineBusy: machine() });
          progress(`${SCENARIO} round ${round + 1} ${name}: start ${Math.round(startupMs)} ms (player ready ${Math.round(readyMs)} ms), ${ranges.cpuUsPerRequest.toFixed(1)} µs/range (${Math.round(ranges.requestsPerSecond)}/s), ${votes.cpuUsPerVote.toFixed(1)} µs/vote (${Math.round(votes.votesPerSecond)}/s, ${votes.errors} errors)`);
        } finally {
          await system.stop();
          await sleep(300);
        }
      } catch (error) {
        progress(`${SCENARIO} round ${round + 1} ${name} failed: ${String(error)}`);
      }
    }
  }
} finally {
  await pool.stop();
  await media.remove();
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN);
};

const common = { rounds, workers: pool.pids.length, staleSources: stale.length, loadavgBefore: Math.round(loadBefore * 100) / 100, loadavgAfter: Math.round((loadavg()[0] ?? 0) * 100) / 100 };
const metrics: Array<{ metric: string; unit: string; read: (s: Sample) => number; params: Record<string, unknown> }> = [
  { metric: 'server_cpu_per_range_1KB', unit: 'µs', read: (s) => s.ranges.cpuUsPerRequest, params: { connections, durationS, rangeBytes: 1024 } },
  { metric: 'ranges_1KB_per_second', unit: 'req/s', read: (s) => s.ranges.requestsPerSecond, params: { connections, durationS, rangeBytes: 1024 } },
  { metric: 'server_cpu_per_vote', unit: 'µs', read: (s) => s.votes.cpuUsPerVote, params: { voters, window: windowSize, durationS, durable: true } },
  { metric: 'votes_acked_per_second', unit: 'votes/s', read: (s) => s.votes.votesPerSecond, params: { voters, window: windowSize, durationS, durable: true } },
  { metric: 'startup_time', unit: 'ms', read: (s) => s.startupMs, params: { measured: 'spawn until listening and the bench story is posted' } },
  { metric: 'player_ready_time', unit: 'ms', read: (s) => s.readyMs, params: { measured: 'spawn until /player/app.js is served' } },
];

for (const m of metrics) {
  for (const name of VARIANTS) {
    const list = samples[name];
    if (list.length > 0) emit(SCENARIO, name, m.metric, median(list.map(m.read)), m.unit, { ...common, ...m.params, machineBusy: Math.round(median(list.map((s) => s.machineBusy)) * 100) / 100 });
  }
  // Paired by round: both variants of a round ran back to back, under about the same load.
  const ratios = samples.compiled.flatMap((c) => {
    const s = samples.source.find((x) => x.round === c.round);
    return s !== undefined && m.read(s) > 0 && m.read(c) > 0 ? [m.read(c) / m.read(s)] : [];
  });
  if (ratios.length > 0) emit(SCENARIO, 'compiled/source', `${m.metric}_ratio`, median(ratios), 'x', { ...common, ...m.params, pairs: ratios.length });
}
if (samples.compiled.length === 0 || samples.source.length === 0) process.exitCode = 1;
