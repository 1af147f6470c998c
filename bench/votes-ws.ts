/**
 * Vote ingestion over WebSocket: K voters each keep a window of unacked
 * `vote` commands in flight (a new vote on every ACK), alternating options,
 * on branchcast (durable ACKs) and its peers (in-memory ACKs), in one run.
 * Systems take turns in interleaved rounds; the median round is kept.
 *   npx tsx bench/votes-ws.ts [--quick] [--duration 5] [--voters 100] [--window 4] [--rounds 2]
 */
import { parseArgs } from 'node:util';
import { LoadPool } from './load/pool.ts';
import { OPTIONS } from './peers/tally-room.ts';
import { commonOptions, cpuWindow, emitRatios, interleavedRounds, limitedBy, machineWindow, progress, sleep, systemsFrom, type Measurement } from './load/report.ts';
import { commitWindow } from './load/commit-stats.ts';
import { startSystem, SYSTEMS, viewerTokens, type SystemName } from './load/systems.ts';

const { values } = parseArgs({ options: { ...commonOptions, voters: { type: 'string', default: '100' }, window: { type: 'string', default: '4' } } });
const durationS = Number(values.duration ?? (values.quick ? 2 : 5));
const voters = Number(values.voters);
const windowSize = Number(values.window);
const names = systemsFrom(values.systems, SYSTEMS);
const rounds = Number(values.rounds ?? (values.quick ? 1 : 2));
/** Per worker: bounds the run in count as well as in time. */
const MAX_VOTES = 2_000_000;

const pool = await LoadPool.start(Math.max(2, Number(values.workers)));
const params = { voters, window: windowSize, durationS, workers: pool.pids.length };

async function measure(name: SystemName): Promise<Measurement> {
  const system = await startSystem(name);
  try {
    const room = await system.newRoom({ voteOpen: true });
    const { tokens } = await viewerTokens(system, room.id, voters);
    const join = await pool.join(system.url, system.transport, tokens);
    await pool.vote({ window: windowSize, durationMs: 300, maxVotes: MAX_VOTES, options: [...OPTIONS] }); // warm-up
    await pool.reset();
    const commits = await commitWindow(system.url);
    const window = cpuWindow(system.pid);
    const machine = machineWindow();
    const stats = await pool.vote({ window: windowSize, durationMs: durationS * 1000, maxVotes: MAX_VOTES, options: [...OPTIONS] });
    const server = window();
    const machineBusy = machine();
    const commit = await commits();
    const perS = (stats.acks * 1000) / server.wallMs;
    const workerCores = stats.cpuMs.map((ms) => ms / server.wallMs);
    const p = { ...params, durable: name === 'branchcast', joinFailures: join.failed, errors: stats.errors, limitedBy: limitedBy(server.cores, workerCores, 0, machineBusy), machineBusy: Math.round(machineBusy * 100) / 100, ...(commit && { commit }) };
    progress(`votes-ws ${name}: ${Math.round(perS)} votes/s, p99 ack ${stats.ackLatency.percentile(0.99)} ms, ${stats.errors} errors, limited by ${p.limitedBy}${commit ? `, ${commit.commitsPerSecond} commits/s of ${commit.recordsPerCommit} records, sync ${commit.syncMeanMs} ms, command ${commit.commandMeanMs} ms` : ''}`);
    return {
      key: perS,
      params: p,
      lines: [
        { metric: 'votes_acked_per_second', value: perS, unit: 'votes/s' },
        { metric: 'ack_latency_p50', value: stats.ackLatency.percentile(0.5), unit: 'ms' },
        { metric: 'ack_latency_p99', value: stats.ackLatency.percentile(0.99), unit: 'ms' },
        { metric: 'errors', value: stats.errors, unit: 'count' },
        { metric: 'server_cpu_per_vote', value: (server.cpuMs * 1000) / Math.max(1, stats.acks), unit: 'µs' },
        { metric: 'server_cpu', value: server.cores * 100, unit: '% of a core' },
      ],
    };
  } finally {
    await pool.closeViewers().catch(() => undefined);
    await system.stop();
    await sleep(300);
  }
}

try {
  const kept = await interleavedRounds('votes-ws', rounds, names, measure);
  emitRatios('votes-ws', 'votes_acked_per_second', Object.fromEntries(Object.entries(kept).map(([n, m]) => [n, m.key])), params);
} finally {
  await pool.stop();
}
