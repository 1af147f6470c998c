import type { Redis } from 'ioredis';
import type { RedisKeys } from './redis-keys.ts';

// Every lease change also records the lease's expiry (Redis server time) in one sorted set,
// so finding lapsed leases is a range query instead of a probe of every room.
const NOW_MS = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)";
const INDEX = `${NOW_MS} redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])`;
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then ${INDEX} return 1 end
return 0`;
// Compare-and-act on the lease value, so a node can only ever extend or drop its own lease.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) ${INDEX} return 1 end
return 0`;
// A released lease is due at once (score 0); a finished room (closed) leaves the set for good.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  if ARGV[3] == 'done' then redis.call('ZREM', KEYS[2], ARGV[2]) else redis.call('ZADD', KEYS[2], 0, ARGV[2]) end
  return 1
end
return 0`;
const LAPSED = `${NOW_MS} return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))`;

/** Rooms considered per sweep: a bounded reply even after a whole cluster restarted. */
const SWEEP_BATCH = 1000;

/**
 * Room ownership leases (DESIGN.md, "Persistence and scale-out"): the owner
 * key holds the node id with a TTL; set-if-absent to take it, compare-and-
 * extend to keep it. The room store's append script checks the same key, so
 * a node that lost its lease cannot write the log even before it notices.
 *
 * Cost: renewals are one script per owned room every lease/3; a sweep is one
 * range query per node, whatever the number of rooms.
 */
export class RoomLeases {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly nodeId: string,
    readonly leaseMs: number,
  ) {}

  async acquire(room: string): Promise<boolean> {
    return (await this.redis.eval(ACQUIRE, 2, this.keys.owner(room), this.keys.leases, this.nodeId, String(this.leaseMs), room)) === 1;
  }

  /** Tries to take every listed room in one round trip; returns the ones won. */
  async acquireFree(rooms: readonly string[]): Promise<string[]> {
    if (rooms.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const room of rooms) pipeline.eval(ACQUIRE, 2, this.keys.owner(room), this.keys.leases, this.nodeId, String(this.leaseMs), room);
    const replies = (await pipeline.exec()) ?? [];
    return rooms.filter((_, i) => replies[i]?.[1] === 1);
  }

  /** Extends every listed lease still held; returns the rooms whose lease was lost. */
  async renew(rooms: readonly string[]): Promise<string[]> {
    if (rooms.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const room of rooms) pipeline.eval(RENEW, 2, this.keys.owner(room), this.keys.leases, this.nodeId, String(this.leaseMs), room);
    const replies = (await pipeline.exec()) ?? [];
    return rooms.filter((_, i) => replies[i]?.[1] !== 1);
  }

  /** Gives the lease up: `handover` makes the room due for another node at once; `done` (closed) retires it. */
  async release(room: string, mode: 'handover' | 'done' = 'handover'): Promise<void> {
    await this.redis.eval(RELEASE, 2, this.keys.owner(room), this.keys.leases, this.nodeId, room, mode);
  }

  /** Rooms whose lease has run out (or was handed over), by Redis's clock. */
  async lapsed(): Promise<string[]> {
    return (await this.redis.eval(LAPSED, 1, this.keys.leases, String(SWEEP_BATCH))) as string[];
  }

  owner(room: string): Promise<string | null> {
    return this.redis.get(this.keys.owner(room));
  }
}
