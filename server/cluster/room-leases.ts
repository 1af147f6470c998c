import type { Redis } from 'ioredis';
import type { RedisKeys } from './redis-keys.ts';

// Compare-and-act on the lease value, so a node can only ever extend or drop its own lease.
const RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/**
 * Room ownership leases (DESIGN.md, "Persistence and scale-out"): the owner
 * key holds the node id with a TTL; set-if-absent to take it, compare-and-
 * extend to keep it. The room store's append script checks the same key, so
 * a node that lost its lease cannot write the log even before it notices.
 */
export class RoomLeases {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly nodeId: string,
    readonly leaseMs: number,
  ) {}

  async acquire(room: string): Promise<boolean> {
    return (await this.redis.set(this.keys.owner(room), this.nodeId, 'PX', this.leaseMs, 'NX')) === 'OK';
  }

  /** Tries to take every listed room in one round trip; returns the ones won. */
  async acquireFree(rooms: readonly string[]): Promise<string[]> {
    if (rooms.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const room of rooms) pipeline.set(this.keys.owner(room), this.nodeId, 'PX', this.leaseMs, 'NX');
    const replies = (await pipeline.exec()) ?? [];
    return rooms.filter((_, i) => replies[i]?.[1] === 'OK');
  }

  /** Extends every listed lease still held; returns the rooms whose lease was lost. */
  async renew(rooms: readonly string[]): Promise<string[]> {
    if (rooms.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const room of rooms) pipeline.eval(RENEW, 1, this.keys.owner(room), this.nodeId, String(this.leaseMs));
    const replies = (await pipeline.exec()) ?? [];
    return rooms.filter((_, i) => replies[i]?.[1] !== 1);
  }

  async release(room: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.keys.owner(room), this.nodeId);
  }

  owner(room: string): Promise<string | null> {
    return this.redis.get(this.keys.owner(room));
  }
}
