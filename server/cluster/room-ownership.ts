import { newRoomId } from '../store/room-id.ts';
import type { Redis } from 'ioredis';
import type { Story } from '../../engine/index.ts';
import { createRepeatLimiter, type RepeatLimiter } from '../log/repeat-limiter.ts';
import { LiveRoom, type LiveRoomDeps } from '../rooms/live-room.ts';
import type { RedisKeys } from '../redis/keys.ts';
import type { ClusterHooks } from './cluster-metrics.ts';
import type { HeldRooms } from './held-rooms.ts';
import type { ReplicaCache } from './replica-cache.ts';
import type { RoomLeases } from './room-leases.ts';

export interface RoomOwnershipOptions {
  held: HeldRooms;
  leases: RoomLeases;
  replicas: ReplicaCache;
  /** LiveRoom's dependencies, as for every room of this node. */
  deps: LiveRoomDeps;
  redis: Redis;
  keys: RedisKeys;
  nodeId: string;
  /** The router's owner cache: told when this node takes a room, and when it gives one up. */
  owners: { remember(room: string, node: string): void; forget(room: string): void };
  hooks?: ClusterHooks;
}

/** One sweep in this many also probes every room, in case the lease index missed one. */
const FULL_SWEEP_EVERY = 30;

/**
 * The rooms this node owns, and how ownership moves (issue 8): a new room is
 * created under a fresh lease; leases are renewed every lease/3; a room whose
 * lease lapsed (a dead node's) is taken by whichever node's sweep wins the
 * set-if-absent, which promotes its follower or rebuilds the room from
 * snapshot plus stream and fires the cues that fell due meanwhile; a room
 * whose lease or log was lost is given up and followed afresh.
 */
export class RoomOwnership {
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;
  private sweeping = false;
  private sweeps = 0;
  /** Renewals and sweeps fail together while Redis is away (several a second): one line, a summary a minute, one when it is back. */
  private readonly redisOutage: RepeatLimiter;

  constructor(private readonly options: RoomOwnershipOptions) {
    this.redisOutage = createRepeatLimiter({ log: options.deps.log, what: 'cluster: Redis unreachable', recovered: 'cluster: Redis reachable again', now: options.deps.now });
  }

  /** Starts renewing leases and sweeping for orphaned rooms; resolves after the first sweep. */
  async start(): Promise<void> {
    const every = Math.max(100, Math.floor(this.options.leases.leaseMs / 3));
    this.timers.push(setInterval(() => void this.renew(), every));
    // Jittered, so the surviving nodes do not all race for the same rooms in step.
    this.timers.push(setInterval(() => void this.sweep(), every + Math.floor(Math.random() * (every / 4))));
    for (const timer of this.timers) timer.unref();
    await this.sweep();
  }

  async create(story: Story): Promise<LiveRoom> {
    const id = newRoomId();
    if (!(await this.options.leases.acquire(id))) throw new Error(`room id ${id} is taken`);
    const room = await LiveRoom.create(this.options.deps, story, id);
    this.options.held.set(room);
    return room;
  }

  /** Closes an owned room for good: the close record, then the room leaves the lease index. */
  async closeOwned(room: LiveRoom): Promise<void> {
    await room.close();
    await this.options.redis.sadd(this.options.keys.closedRooms, room.id);
    await this.options.leases.release(room.id, 'done');
  }

  /** The room's log failed; in a cluster that means another node owns it now. */
  onFailed(room: LiveRoom, cause: unknown): void {
    if (this.options.held.get(room.id) !== room) return;
    this.demote(room, String(cause));
  }

  /** No more renewals, sweeps or takeovers (shutdown). */
  stop(): void {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
  }

  /** Releasing the leases hands the rooms over at once instead of after a lease time. */
  async releaseAll(): Promise<void> {
    await Promise.allSettled(this.options.held.withRole('owner').map((room) => this.options.leases.release(room.id)));
  }

  private async renew(): Promise<void> {
    const owned = this.options.held.withRole('owner').filter((room) => !room.closed).map((room) => room.id);
    let lost: string[];
    try {
      lost = await this.options.leases.renew(owned);
    } catch (cause) {
      this.redisOutage.failed(cause, { during: 'lease renewal' });
      return;
    }
    // Only a renewal that went through proves Redis answers: with no rooms none was asked, and an
    // unreachable Redis can make every renewal come back as lost rather than throw.
    if (lost.length < owned.length) this.redisOutage.succeeded();
    const gone = lost.map((id) => this.options.held.get(id)).filter((room): room is LiveRoom => room !== undefined);
    // Many at once is one event (Redis went away, or this node stalled past its leases): one line, not one per room.
    if (gone.length > 1 && !this.redisOutage.failing) {
      this.options.deps.log.info({ rooms: gone.slice(0, 20).map((room) => room.id), count: gone.length }, `cluster: gave up ${gone.length} rooms: their leases lapsed`);
    }
    for (const room of gone) this.demote(room, 'its lease lapsed', gone.length > 1);
  }

  /**
   * Takes rooms nobody owns: lapsed leases (a dead node's rooms) every sweep,
   * and, every `FULL_SWEEP_EVERY` sweeps, any room missing from the lease
   * index (written by an older version, or lost with a Redis restart).
   */
  private async sweep(): Promise<void> {
    if (this.sweeping || this.stopping) return;
    this.sweeping = true;
    try {
      const { redis, keys, leases, held } = this.options;
      this.sweeps += 1;
      const full = this.sweeps % FULL_SWEEP_EVERY === 1;
      const lapsed = full ? await redis.sdiff(keys.rooms, keys.closedRooms) : await leases.lapsed();
      const candidates = lapsed.filter((id) => held.owned(id) === undefined);
      const free = await leases.acquireFree(candidates);
      this.redisOutage.succeeded();
      for (const id of free) await this.takeOver(id);
    } catch (cause) {
      this.redisOutage.failed(cause, { during: 'sweep' });
    } finally {
      this.sweeping = false;
    }
  }

  private async takeOver(id: string): Promise<void> {
    const { deps, held, replicas, owners, nodeId } = this.options;
    const started = deps.now();
    owners.remember(id, nodeId);
    try {
      const loading = replicas.loading(id);
      const existing = held.get(id) ?? (loading ? await loading : undefined);
      if (existing && existing.role === 'follower') await existing.promote();
      else if (!existing) held.set(await LiveRoom.recover(deps, id));
      await replicas.unfollow(id);
      const ms = deps.now() - started;
      this.options.hooks?.tookOver?.(ms);
      deps.log.info({ room: id, ms }, `cluster: took over the room in ${ms} ms`);
    } catch (cause) {
      owners.forget(id);
      deps.log.warn({ room: id, err: cause }, 'cluster: taking over the room failed, lease released');
      await this.options.leases.release(id).catch(() => undefined);
    }
  }

  /** Drops this node's copy and follows the room afresh (its in-memory state may hold inputs that were never durable). */
  private demote(room: LiveRoom, why: string, summarised = false): void {
    const { deps, held, owners, leases, replicas } = this.options;
    // While Redis is away every room's lease lapses at once: the outage's lines (or the round's one summary) say so, not one per room.
    (this.redisOutage.failing || summarised ? deps.log.debug : deps.log.info).call(deps.log, { room: room.id, why }, `cluster: gave up the room: ${why}`);
    this.options.hooks?.gaveUp?.();
    room.dispose();
    held.delete(room);
    owners.forget(room.id);
    void leases.release(room.id).catch(() => undefined);
    if (!this.stopping) void replicas.open(room.id).catch((cause: unknown) => this.redisOutage.failed(cause, { room: room.id, during: 'following a room again' }));
  }
}
