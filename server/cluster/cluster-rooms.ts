import type { Redis } from 'ioredis';
import { decodeLogEntry, type LogEntry, type Story } from '../../engine/index.ts';
import type { ContainedErrors } from '../health/contained-errors.ts';
import type { LiveRoom, LiveRoomDeps } from '../rooms/live-room.ts';
import type { RoomCommands, RoomDirectory } from '../rooms/room-directory.ts';
import type { RedisKeys } from '../redis/keys.ts';
import type { ClusterHooks } from './cluster-metrics.ts';
import { HeldRooms } from './held-rooms.ts';
import { ReplicaCache } from './replica-cache.ts';
import { RoomLeases } from './room-leases.ts';
import { RoomOwnership } from './room-ownership.ts';
import { RoomRouter } from './room-router.ts';
import { encodeTallyMessage } from './tally-message.ts';
import { NodePresence } from './node-presence.ts';

export interface ClusterRoomsOptions {
  /** Everything a LiveRoom needs; its store must be the Redis store fenced with this node id. */
  deps: Omit<LiveRoomDeps, 'onFailed'>;
  /** Commands: leases, owner lookups, publishing to other nodes. */
  redis: Redis;
  /** A connection in subscriber mode: this node's inbox and the records of followed rooms. */
  subscriber: Redis;
  keys: RedisKeys;
  nodeId: string;
  leaseMs: number;
  /** Vote batches go to owners at most this often (default 100 ms). */
  voteIntervalMs?: number;
  /** Each subject's command budget in a room, across nodes (default 20/s): the owner holds it (subject-limits.ts). */
  commandsPerSecond?: number;
  hooks?: ClusterHooks;
  /** Where an exception caught at the channel boundary is counted and logged (a bug, unlike a bad frame). */
  contained?: Pick<ContainedErrors, 'report'>;
  /** Sockets of this node watching the room (uWS topic subscribers): a follower nobody here watches is dropped. */
  localViewers?: (room: string) => number;
  /** How long a follower may go unwatched before it is dropped (default 60 s). */
  followIdleMs?: number;
}

/**
 * The rooms of one cluster node (issue 8), as a RoomDirectory. Each room has
 * one owner, the node holding its Redis lease (room-ownership.ts); every
 * other node with viewers of the room follows it (replica-cache.ts) and
 * sends what only the owner may do through the router (room-router.ts),
 * which runs it here or on the owning node. This class wires the three
 * together over the rooms held here and the one subscriber connection.
 */
export class ClusterRooms implements RoomDirectory {
  private readonly held = new HeldRooms();
  private readonly router: RoomRouter;
  private readonly replicas: ReplicaCache;
  private readonly ownership: RoomOwnership;
  private readonly deps: LiveRoomDeps;
  private readonly leases: RoomLeases;
  private readonly presence: NodePresence | undefined;

  constructor(private readonly options: ClusterRoomsOptions) {
    const { redis, keys, nodeId, leaseMs, hooks } = options;
    const held = this.held;
    const leases = (this.leases = new RoomLeases(redis, keys, nodeId, leaseMs));
    this.router = new RoomRouter({
      held, redis, keys, nodeId, leaseMs,
      ownerOf: (room) => leases.owner(room),
      closeOwned: (room) => this.ownership.closeOwned(room),
      now: options.deps.now,
      log: options.deps.log,
      ...(options.voteIntervalMs === undefined ? {} : { voteIntervalMs: options.voteIntervalMs }),
      ...(options.commandsPerSecond === undefined ? {} : { commandsPerSecond: options.commandsPerSecond }),
      ...(hooks ? { hooks } : {}),
    });
    this.deps = {
      ...options.deps,
      onFailed: (room, cause) => this.ownership.onFailed(room, cause),
      // One PUBLISH (and the copy a new follower reads) per room per tally interval while votes arrive, whatever the audience.
      shareTally: (room, tally) => {
        const message = encodeTallyMessage(tally);
        void redis.pipeline().publish(keys.tally(room), message).set(keys.lastTally(room), message, 'PX', 300_000).exec().catch(() => undefined);
      },
    };
    this.replicas = new ReplicaCache({
      held, deps: this.deps, redis, keys, subscriber: options.subscriber,
      ...(hooks ? { hooks } : {}),
      ...(options.localViewers ? { localViewers: options.localViewers } : {}),
      ...(options.followIdleMs === undefined ? {} : { followIdleMs: options.followIdleMs }),
    });
    // Present counts need this node's socket counts; without them (in-process tests) hosts see the log's count.
    const every = Math.max(100, Math.floor(leaseMs / 3));
    this.presence = options.localViewers && new NodePresence({
      held, redis, keys, nodeId, localViewers: options.localViewers, now: options.deps.now, everyMs: every, ttlMs: leaseMs,
      onError: (cause) => options.deps.log.debug({ err: cause }, 'cluster: presence refresh failed'),
    });
    this.ownership = new RoomOwnership({ held, leases, replicas: this.replicas, deps: this.deps, redis, keys, nodeId, owners: this.router, ...(hooks ? { hooks } : {}) });
  }

  get nodeId(): string {
    return this.options.nodeId;
  }

  /** Subscribes to this node's inbox, then starts renewing leases, sweeping for orphaned rooms and dropping idle followers. */
  async start(): Promise<void> {
    const { subscriber } = this.options;
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message));
    subscriber.on('ready', () => this.replicas.resyncAll());
    await subscriber.subscribe(this.router.inbox);
    this.replicas.start();
    this.presence?.start();
    await this.ownership.start();
  }

  get(id: string): LiveRoom | undefined {
    return this.held.get(id);
  }

  open(id: string): Promise<LiveRoom | undefined> {
    return this.replicas.open(id);
  }

  room(id: string): Promise<RoomCommands | undefined> {
    return this.router.room(id);
  }

  create(story: Story): Promise<LiveRoom> {
    return this.ownership.create(story);
  }

  list(): LiveRoom[] {
    return this.held.list();
  }

  get size(): number {
    return this.held.size;
  }

  async *readLog(id: string): AsyncIterable<LogEntry> {
    for await (const record of this.deps.store.read(id, 0)) yield decodeLogEntry(record.data);
  }

  async close(id: string): Promise<boolean> {
    const room = await this.router.room(id);
    if (!room) return false;
    await room.close();
    return true;
  }

  /** Who holds the room's lease right now (null while nobody does). */
  ownerOf(id: string): Promise<string | null> {
    return this.leases.owner(id);
  }

  async shutdown(): Promise<void> {
    this.ownership.stop();
    this.presence?.stop();
    this.replicas.stop();
    this.router.stop();
    await Promise.allSettled(this.list().map((room) => room.settled()));
    await this.ownership.releaseAll();
    for (const room of this.held.list()) room.dispose();
  }

  /**
   * The subscriber's one entry point. Hazard: ioredis calls it from its socket
   * handler, where an exception would end the process, so it never throws:
   * frames that are not messages are dropped and counted (bad frames, not
   * bugs), and an exception past the decoders is a bug, contained and reported.
   */
  private onMessage(channel: string, message: Buffer): void {
    const inbox = channel === this.router.inbox;
    try {
      if (inbox) this.router.receive(message);
      else this.replicas.receive(channel, message);
    } catch (error) {
      this.options.contained?.report(inbox ? 'cluster-bus' : 'cluster-records', error, { room: inbox ? undefined : this.replicas.roomOf(channel) });
    }
  }
}
