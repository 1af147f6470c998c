import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/keys.ts';
import { ACQUIRE_LEASE, LAPSED_LEASES, RELEASE_LEASE, RENEW_LEASE } from '../redis/lease-scripts.ts';

/** Rooms considered per sweep: a bounded reply even after a whole cluster restarted. */
const SWEEP_BATCH = 1000;

/**
 * Room ownership leases (docs/scaling.md; scripts in redis/lease-scripts.ts): the owner
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
    return (await this.redis.eval(ACQUIRE_LEASE, 2, this.keys.owner(room), this.keys.leases, this.nodeId, String(this.leaseMs), room)) === 1;
  }

  /** Tries to take every listed room in one round trip; returns the ones won. */
  async acquireFree(rooms: readonly string[]): Promise<string[]> {
    if (rooms.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const room of rooms) pipeline.eval(ACQUIRE_LEASE, 2, this.keys.owner(room), this.keys.leases, this.nodeId, String(this.leaseMs), room);
    const replies = (await pipeline.exec()) ?? [];
    return rooms.filter((_, i) => replies[i]?.[1] === 1);
  }

  /** Extends every listed lease still held; returns the rooms whose lease was lost. */
  async renew(rooms: readonly string[]): Promise<string[]> {
    if (rooms.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const room of rooms) pipeline.eval(RENEW_LEASE, 2, this.keys.owner(room), this.keys.leases, this.nodeId, String(this.leaseMs), room);
    const replies = (await pipeline.exec()) ?? [];
    return rooms.filter((_, i) => replies[i]?.[1] !== 1);
  }

  /** Gives the lease up: `handover` makes the room due for another node at once; `done` (closed) retires it. */
  async release(room: string, mode: 'handover' | 'done' = 'handover'): Promise<void> {
    await this.redis.eval(RELEASE_LEASE, 2, this.keys.owner(room), this.keys.leases, this.nodeId, room, mode);
  }

  /** Rooms whose lease has run out (or was handed over), by Redis's clock. */
  async lapsed(): Promise<string[]> {
    return (await this.redis.eval(LAPSED_LEASES, 1, this.keys.leases, String(SWEEP_BATCH))) as string[];
  }

  owner(room: string): Promise<string | null> {
    return this.redis.get(this.keys.owner(room));
  }
}
