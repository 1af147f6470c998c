import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/keys.ts';
import type { HeldRooms } from './held-rooms.ts';

export interface NodePresenceOptions {
  held: HeldRooms;
  redis: Redis;
  keys: RedisKeys;
  nodeId: string;
  /** This node's sockets in a room (uWS topic subscribers): what it reports. */
  localViewers: (room: string) => number;
  now: () => number;
  /** Reports are refreshed this often; one older than `ttlMs` no longer counts (default: the lease time, 3 refreshes). */
  everyMs: number;
  ttlMs: number;
  /** A refresh failed (Redis away): the counts stay as they were until the next one. */
  onError?: (cause: unknown) => void;
}

/**
 * `present` in a cluster (docs/scaling.md, "Presence"): the viewers of a room
 * are on many nodes, and a node that dies never logs their leaves. So each
 * node reports its own count per room it holds, stamped with an expiry, in
 * the room's presence hash (keys.ts `present(room)`, field = node id), and
 * every node holding the room shows its hosts the sum of the reports that
 * have not expired. A dead node's viewers stop counting within `ttlMs`; the
 * owner's next refresh removes its stale fields.
 *
 * Cost: per refresh, one pipelined HSET, PEXPIRE and HGETALL per room held
 * here, whatever the audience.
 */
export class NodePresence {
  private timer: NodeJS.Timeout | undefined;
  private refreshing = false;

  constructor(private readonly options: NodePresenceOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.refresh(), this.options.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Reports this node's counts, then sums every node's live reports for the rooms held here. */
  async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      await this.exchange();
    } catch (cause) {
      this.options.onError?.(cause);
    } finally {
      this.refreshing = false;
    }
  }

  private async exchange(): Promise<void> {
    const { held, redis, keys, nodeId, localViewers, now, ttlMs } = this.options;
    const rooms = held.list();
    if (rooms.length === 0) return;
    const at = now();
    const pipeline = redis.pipeline();
    for (const room of rooms) {
      const key = keys.present(room.id);
      pipeline.hset(key, nodeId, `${localViewers(room.id)}:${at + ttlMs}`);
      // The hash outlives its last report by a few TTLs, then goes (a closed or abandoned room).
      pipeline.pexpire(key, ttlMs * 4);
    }
    for (const room of rooms) pipeline.hgetall(keys.present(room.id));
    const replies = await pipeline.exec();
    if (!replies) return;
    const cleanup = redis.pipeline();
    rooms.forEach((room, i) => {
      const [error, reports] = replies[rooms.length * 2 + i] ?? [];
      if (error || typeof reports !== 'object' || reports === null) return;
      const { present, expired } = sumLive(reports as Record<string, string>, at);
      if (expired.length > 0 && room.role === 'owner') cleanup.hdel(keys.present(room.id), ...expired);
      room.cluster.showPresent(present);
    });
    if (cleanup.length > 0) await cleanup.exec();
  }
}

/** The sum of the reports still live at `at`, and the fields that expired (or are not a report). */
export function sumLive(reports: Record<string, string>, at: number): { present: number; expired: string[] } {
  let present = 0;
  const expired: string[] = [];
  for (const [node, report] of Object.entries(reports)) {
    const match = /^(\d{1,9}):(\d{1,16})$/.exec(report);
    if (!match || Number(match[2]) <= at) expired.push(node);
    else present += Number(match[1]);
  }
  return { present, expired };
}
