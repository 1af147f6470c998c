/**
 * Redis command counts from `INFO commandstats`, so a bench can say how many
 * Redis operations a workload cost (per vote, per batch). Our own INFO calls
 * are left out of the deltas.
 */
import { Redis } from 'ioredis';

export type CommandCounts = Record<string, number>;

export class RedisStats {
  private constructor(private readonly redis: Redis) {}

  static async connect(url: string): Promise<RedisStats> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    await redis.connect();
    return new RedisStats(redis);
  }

  /** Calls per command so far (lower-case names, e.g. `evalsha`, `xadd`, `publish`). */
  async counts(): Promise<CommandCounts> {
    const text = await this.redis.info('commandstats');
    const counts: CommandCounts = {};
    for (const line of text.split('\n')) {
      const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
      if (match?.[1] !== undefined && match[2] !== undefined && match[1] !== 'info') counts[match[1]] = Number(match[2]);
    }
    return counts;
  }

  /** Bytes Redis has read from and written to its clients so far (INFO stats). */
  async netBytes(): Promise<{ input: number; output: number }> {
    const text = await this.redis.info('stats');
    const field = (name: string): number => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return { input: field('total_net_input_bytes'), output: field('total_net_output_bytes') };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** after − before per command (commands with no new calls dropped), and the total. */
export function countsDelta(before: CommandCounts, after: CommandCounts): { total: number; byCommand: CommandCounts } {
  const byCommand: CommandCounts = {};
  let total = 0;
  for (const [name, calls] of Object.entries(after)) {
    const d = calls - (before[name] ?? 0);
    if (d <= 0) continue;
    byCommand[name] = d;
    total += d;
  }
  return { total, byCommand };
}
