/**
 * Server CPU per durable vote acknowledged over WebSocket, measured the way
 * bench/votes-ws.ts does it: K voters on the forked load workers, each keeping
 * `window` votes unacknowledged, in a room whose vote is open.
 */
import type { LoadPool } from '../load/pool.ts';
import { cpuWindow } from '../load/report.ts';
import { viewerTokens, type BenchSystem } from '../load/systems.ts';
import { OPTIONS } from '../peers/tally-room.ts';

/** Per worker: bounds the run in count as well as in time. */
const MAX_VOTES = 2_000_000;

export interface VoteCell {
  votesPerSecond: number;
  ackP99Ms: number;
  cpuUsPerVote: number;
  serverCores: number;
  errors: number;
  joinFailures: number;
}

export async function measureVotes(system: BenchSystem, pool: LoadPool, options: { voters: number; window: number; durationS: number }): Promise<VoteCell> {
  const room = await system.newRoom({ voteOpen: true });
  const { tokens } = await viewerTokens(system, room.id, options.voters);
  try {
    const join = await pool.join(system.url, system.transport, tokens);
    const vote = (durationMs: number): ReturnType<LoadPool['vote']> => pool.vote({ window: options.window, durationMs, maxVotes: MAX_VOTES, options: [...OPTIONS] });
    await vote(300); // warm-up
    await pool.reset();
    const window = cpuWindow(system.pid);
    const stats = await vote(options.durationS * 1000);
    const server = window();
    return {
      votesPerSecond: (stats.acks * 1000) / server.wallMs,
      ackP99Ms: stats.ackLatency.percentile(0.99),
      cpuUsPerVote: (server.cpuMs * 1000) / Math.max(1, stats.acks),
      serverCores: server.cores,
      errors: stats.errors,
      joinFailures: join.failed,
    };
  } finally {
    await pool.closeViewers().catch(() => undefined);
  }
}
