/**
 * The load coordinator: forks the viewer workers (bench/load/worker.ts),
 * splits viewers between them and merges what they measure.
 *
 * @example
 *   const pool = await LoadPool.start(2);
 *   const join = await pool.join(url, 'ws', tokens);
 *   await pool.reset(); ...; const stats = await pool.stats();
 *   await pool.stop();
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Transport } from './client-socket.ts';
import { Histogram } from './histogram.ts';
import type { JoinReply, StatsReply, WorkerReply, WorkerRequest } from './protocol.ts';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

export interface JoinResult {
  joined: number;
  failed: number;
  failures: string[];
  latency: Histogram;
  /** From the first connect to the last WELCOME, across workers. */
  wallMs: number;
}

export interface PoolStats extends Omit<StatsReply, 'latency' | 'ackLatency' | 'cpuMs' | 'eventsByTick'> {
  /** Broadcast events received between two epoch-ms instants (to 10 ms). */
  eventsBetween(from: number, to: number): number;
  latency: Histogram;
  ackLatency: Histogram;
  /** CPU time of each worker since the last reset. */
  cpuMs: number[];
}

export class LoadPool {
  private nextRid = 0;
  private readonly pending = new Map<number, (reply: WorkerReply) => void>();

  private constructor(private readonly workers: ChildProcess[]) {
    for (const worker of workers) {
      worker.on('message', (reply: WorkerReply) => {
        this.pending.get(reply.rid)?.(reply);
        this.pending.delete(reply.rid);
      });
    }
  }

  static async start(count: number): Promise<LoadPool> {
    const workers = Array.from({ length: count }, () => fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    process.once('exit', () => workers.forEach((w) => w.kill('SIGKILL')));
    const pool = new LoadPool(workers);
    await pool.all({ op: 'reset' }); // they are up
    return pool;
  }

  get pids(): number[] {
    return this.workers.map((w) => w.pid ?? -1);
  }

  private request(worker: ChildProcess, message: WorkerRequest, timeoutMs = 120_000): Promise<WorkerReply> {
    const rid = (this.nextRid += 1);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(rid);
        reject(new Error(`load worker ${worker.pid}: no answer to ${message.op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(rid, (reply) => {
        clearTimeout(timer);
        if (reply.error) reject(new Error(`load worker ${worker.pid}: ${reply.error}`));
        else resolve(reply);
      });
      worker.send({ ...message, rid });
    });
  }

  private all(message: WorkerRequest | ((i: number) => WorkerRequest)): Promise<WorkerReply[]> {
    return Promise.all(this.workers.map((w, i) => this.request(w, typeof message === 'function' ? message(i) : message)));
  }

  /** Connects every token's viewer (round-robin over workers, `concurrency` connects in flight per worker) and waits for their WELCOMEs. */
  async join(url: string, transport: Transport, tokens: string[], options: { concurrency?: number; timeoutMs?: number } = {}): Promise<JoinResult> {
    const n = this.workers.length;
    const replies = (await this.all((i) => ({
      op: 'join',
      url,
      transport,
      tokens: tokens.filter((_, j) => j % n === i),
      concurrency: options.concurrency ?? 256,
      timeoutMs: options.timeoutMs ?? 60_000,
    }))) as Array<WorkerReply & JoinReply>;
    const latency = new Histogram();
    for (const r of replies) latency.merge(Histogram.fromSparse(r.latency).counts);
    const first = Math.min(...replies.map((r) => r.firstStart));
    const last = Math.max(...replies.map((r) => r.lastWelcome));
    return {
      joined: replies.reduce((a, r) => a + r.joined, 0),
      failed: replies.reduce((a, r) => a + r.failed, 0),
      failures: replies.flatMap((r) => r.failures),
      latency,
      wallMs: last > 0 ? last - first : Number.NaN,
    };
  }

  async reset(): Promise<void> {
    await this.all({ op: 'reset' });
  }

  async stats(): Promise<PoolStats> {
    return merge((await this.all({ op: 'stats' })) as Array<WorkerReply & StatsReply>);
  }

  /** Every joined viewer keeps `window` votes unacknowledged until `durationMs` passes or `maxVotes` (per worker) are sent. */
  async vote(options: { window: number; durationMs: number; maxVotes: number; options: string[] }): Promise<PoolStats> {
    return merge((await this.all({ op: 'vote', ...options })) as Array<WorkerReply & StatsReply>);
  }

  /** Closes every viewer (the workers stay up). */
  async closeViewers(): Promise<void> {
    await this.all({ op: 'close' });
  }

  async stop(): Promise<void> {
    await this.closeViewers().catch(() => undefined);
    for (const worker of this.workers) worker.disconnect();
  }
}

function merge(replies: Array<WorkerReply & StatsReply>): PoolStats {
  const sum = (key: 'events' | 'frames' | 'tallies' | 'acks' | 'errors' | 'closed'): number => replies.reduce((a, r) => a + r[key], 0);
  const latency = new Histogram();
  const ackLatency = new Histogram();
  for (const r of replies) {
    latency.merge(Histogram.fromSparse(r.latency).counts);
    ackLatency.merge(Histogram.fromSparse(r.ackLatency).counts);
  }
  return {
    events: sum('events'),
    frames: sum('frames'),
    tallies: sum('tallies'),
    acks: sum('acks'),
    errors: sum('errors'),
    closed: sum('closed'),
    latency,
    ackLatency,
    cpuMs: replies.map((r) => r.cpuMs),
    eventsBetween: (from, to) => replies.reduce((a, r) => a + r.eventsByTick.reduce((b, [at, n]) => (at >= from && at < to ? b + n : b), 0), 0),
    elapsedMs: Math.max(...replies.map((r) => r.elapsedMs)),
  };
}
