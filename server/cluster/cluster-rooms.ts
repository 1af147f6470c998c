/**
 * Why this file stays whole (423 lines): it is the cluster's per-room state
 * machine (follow, forward, own, hand over, fail over) over one map of rooms,
 * their leases and their subscriptions; every transition reads and changes
 * several of them at once, and the races between a lease sweep, a records
 * message and a forwarded command are only visible when the transitions sit
 * together. The rooms-wing redesign (issue 18) moves the routing decision in
 * front of the room, which is what will let this split.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CommandActor, CommandResult, RoomCommand, Story } from '../../engine/index.ts';
import { LiveRoom, type LiveRoomDeps, type RemoteOwner } from '../rooms/live-room.ts';
import { decodeLogEntry, type LogEntry } from '../rooms/log-entry.ts';
import type { RoomDirectory } from '../rooms/room-directory.ts';
import type { ContainedErrors } from '../health/contained-errors.ts';
import { readRecordMessage } from '../redis/record-message.ts';
import { decodeBusMessage, type BusReply, type BusRequest, type ForwardedVote } from './bus-message.ts';
import type { ClusterHooks } from './cluster-metrics.ts';
import { BusTimeoutError, NodeBus } from './node-bus.ts';
import { isFoldableRecord } from './record-entry.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { RoomLeases } from './room-leases.ts';
import { VoteBatcher } from './vote-batcher.ts';

export interface ClusterRoomsOptions {
  /** Everything a LiveRoom needs; its store must be the Redis store fenced with this node id. */
  deps: Omit<LiveRoomDeps, 'remote' | 'onFailed'>;
  /** Commands: leases, owner lookups, publishing to other nodes. */
  redis: Redis;
  /** A connection in subscriber mode: this node's inbox and the records of followed rooms. */
  subscriber: Redis;
  keys: RedisKeys;
  nodeId: string;
  leaseMs: number;
  /** Vote batches go to owners at most this often (default 100 ms). */
  voteIntervalMs?: number;
  hooks?: ClusterHooks;
  /** Where an exception caught at the channel boundary is counted and logged (a bug, unlike a bad frame). */
  contained?: Pick<ContainedErrors, 'report'>;
  /** Sockets of this node watching the room (uWS topic subscribers): a follower nobody here watches is dropped. */
  localViewers?: (room: string) => number;
  /** How long a follower may go unwatched before it is dropped (default 60 s). */
  followIdleMs?: number;
}

/** How often the owner node folds its own viewers' votes into one log record. */
const LOCAL_VOTE_INTERVAL_MS = 10;

/** One sweep in this many also probes every room, in case the lease index missed one. */
const FULL_SWEEP_EVERY = 30;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The rooms of one cluster node (issue 8). Each room has one owner, the node
 * holding its Redis lease; every other node that has viewers of the room
 * follows it (a replica fed by the owner's records channel) and forwards its
 * viewers' commands, and merged vote batches, to the owner's inbox.
 *
 * Failover: every node sweeps for rooms whose lease lapsed and tries to take
 * them (set-if-absent, so exactly one wins). The winner promotes its follower,
 * or rebuilds the room from snapshot plus stream, and fires the cues that fell
 * due meanwhile at their exact instants.
 */
export class ClusterRooms implements RoomDirectory {
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly opening = new Map<string, Promise<LiveRoom | undefined>>();
  /** Records that arrived while a follower was still loading. */
  private readonly early = new Map<string, Array<{ seq: number; data: Uint8Array }>>();
  private readonly channelRoom = new Map<string, string>();
  private readonly ownerCache = new Map<string, string>();
  private readonly leases: RoomLeases;
  private readonly bus: NodeBus;
  private readonly votes: VoteBatcher;
  private readonly deps: LiveRoomDeps;
  private timers: NodeJS.Timeout[] = [];
  /** When each follower was last seen with local viewers. */
  private readonly watchedAt = new Map<string, number>();
  private stopping = false;
  private sweeping = false;
  private sweeps = 0;

  constructor(private readonly options: ClusterRoomsOptions) {
    const { redis, keys, nodeId, leaseMs } = options;
    this.leases = new RoomLeases(redis, keys, nodeId, leaseMs);
    this.bus = new NodeBus(redis, keys, nodeId, (request) => this.serve(request), (m) => this.ownedRoom(m.room)?.presence(m.actor, m.action));
    // A remote owner gets a batch per 100 ms; this node's own rooms fold theirs every 10 ms (no network hop to
    // amortise, only log records: 100/s instead of one per vote keeps acks fast).
    const remoteInterval = options.voteIntervalMs ?? 100;
    this.votes = new VoteBatcher((room, votes) => this.sendVotes(room, votes), options.deps.now, (room) => (this.ownedRoom(room) ? LOCAL_VOTE_INTERVAL_MS : remoteInterval));
    const remote: RemoteOwner = {
      command: (room, actor, id, command) => this.sendCommand(room, actor, id, command),
      vote: (room, sub, id, option) => this.votes.add(room, [sub, id, option]),
      presence: (room, actor, action) => void this.sendPresence(room, actor, action),
      close: async (room) => {
        await this.toOwner(room, { k: 'close', room }, (owner) => owner.close(), (reply) => ('result' in reply ? undefined : null));
      },
    };
    this.deps = { ...options.deps, remote, onFailed: (room, cause) => this.onFailed(room, cause) };
  }

  get nodeId(): string {
    return this.options.nodeId;
  }

  /** Subscribes to this node's inbox, then starts renewing leases and sweeping for orphaned rooms. */
  async start(): Promise<void> {
    const { subscriber } = this.options;
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message));
    // Records published while the subscription was down are gone from pub/sub, not from the stream.
    subscriber.on('ready', () => {
      for (const room of this.list()) if (room.role === 'follower') void room.resync().catch((cause: unknown) => this.deps.log(`room ${room.id}: resync failed: ${String(cause)}`));
    });
    await subscriber.subscribe(this.bus.inbox);
    const every = Math.max(100, Math.floor(this.options.leaseMs / 3));
    this.timers.push(setInterval(() => void this.renew(), every));
    // Jittered, so the surviving nodes do not all race for the same rooms in step.
    this.timers.push(setInterval(() => void this.sweep(), every + Math.floor(Math.random() * (every / 4))));
    this.timers.push(setInterval(() => void this.dropUnwatched(), Math.max(1000, Math.floor((this.options.followIdleMs ?? 60_000) / 4))));
    for (const timer of this.timers) timer.unref();
    await this.sweep();
  }

  get(id: string): LiveRoom | undefined {
    return this.rooms.get(id);
  }

  open(id: string): Promise<LiveRoom | undefined> {
    const room = this.rooms.get(id);
    if (room) return Promise.resolve(room);
    let pending = this.opening.get(id);
    if (!pending) {
      pending = this.follow(id).finally(() => this.opening.delete(id));
      this.opening.set(id, pending);
    }
    return pending;
  }

  async create(story: Story): Promise<LiveRoom> {
    const id = randomBytes(8).toString('base64url');
    if (!(await this.leases.acquire(id))) throw new Error(`room id ${id} is taken`);
    const room = await LiveRoom.create(this.deps, story, id);
    this.rooms.set(id, room);
    return room;
  }

  list(): LiveRoom[] {
    return [...this.rooms.values()];
  }

  get size(): number {
    return this.rooms.size;
  }

  async *readLog(id: string): AsyncIterable<LogEntry> {
    for await (const record of this.deps.store.read(id, 0)) yield decodeLogEntry(record.data);
  }

  async close(id: string): Promise<boolean> {
    const room = await this.open(id);
    if (!room) return false;
    if (room.role === 'owner') await this.closeOwned(room);
    else await room.close();
    return true;
  }

  /** Who holds the room's lease right now (null while nobody does). */
  ownerOf(id: string): Promise<string | null> {
    return this.leases.owner(id);
  }

  async shutdown(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    this.votes.stop();
    this.bus.stop();
    await Promise.allSettled(this.list().map((r) => r.settled()));
    // Releasing the leases hands the rooms over at once instead of after a lease time.
    await Promise.allSettled(this.list().filter((r) => r.role === 'owner').map((r) => this.leases.release(r.id)));
    for (const room of this.rooms.values()) room.dispose();
  }

  private async closeOwned(room: LiveRoom): Promise<void> {
    await room.close();
    await this.options.redis.sadd(this.options.keys.closedRooms, room.id);
    await this.leases.release(room.id, 'done');
  }

  /** Loads a room another node owns and follows its records channel. */
  private async follow(id: string): Promise<LiveRoom | undefined> {
    if (this.stopping || !(await this.options.redis.sismember(this.options.keys.rooms, id))) return undefined;
    const channel = this.options.keys.records(id);
    this.channelRoom.set(channel, id);
    this.early.set(id, []);
    // Subscribe before reading the stream: every record is then either in the stream read or heard live.
    await this.options.subscriber.subscribe(channel);
    try {
      const room = await LiveRoom.follow(this.deps, id);
      this.rooms.set(id, room);
      for (const record of this.early.get(id) ?? []) room.receive(record.seq, record.data);
      return room;
    } catch (cause) {
      this.channelRoom.delete(channel);
      await this.options.subscriber.unsubscribe(channel).catch(() => undefined);
      throw cause;
    } finally {
      this.early.delete(id);
    }
  }

  /**
   * Followers cost memory and a share of every record; one that no local
   * socket has watched for `followIdleMs` is dropped (the next join or API
   * call follows the room again). Owners stay: they run the room's cues.
   */
  private async dropUnwatched(): Promise<void> {
    const count = this.options.localViewers;
    if (!count) return;
    const now = this.deps.now();
    for (const room of this.list()) {
      if (room.role !== 'follower') continue;
      if (count(room.id) > 0 || !this.watchedAt.has(room.id)) {
        this.watchedAt.set(room.id, now);
        continue;
      }
      if (now - (this.watchedAt.get(room.id) ?? now) < (this.options.followIdleMs ?? 60_000)) continue;
      this.watchedAt.delete(room.id);
      this.rooms.delete(room.id);
      room.dispose();
      const channel = this.options.keys.records(room.id);
      if (this.channelRoom.delete(channel)) await this.options.subscriber.unsubscribe(channel).catch(() => undefined);
    }
  }

  /**
   * The subscriber's one entry point. Hazard: ioredis calls it from its socket
   * handler, where an exception would end the process, so it never throws:
   * frames that are not messages are dropped and counted (bad frames, not
   * bugs), and an exception past the decoders is a bug, contained and reported.
   */
  private onMessage(channel: string, message: Buffer): void {
    const inbox = channel === this.bus.inbox;
    try {
      if (inbox) {
        const decoded = decodeBusMessage(message);
        if (decoded) this.bus.receive(decoded);
        else this.options.hooks?.badFrame?.('bus');
        return;
      }
      const id = this.channelRoom.get(channel);
      if (id === undefined) return;
      const record = readRecordMessage(message);
      // Not a record the owner wrote: drop it. The owner's real record arrives on its own, and the stream holds the truth.
      if (record === undefined || !isFoldableRecord(record.data)) return this.options.hooks?.badFrame?.('records');
      const loading = this.early.get(id);
      if (loading) loading.push(record);
      else this.rooms.get(id)?.receive(record.seq, record.data);
    } catch (error) {
      this.options.contained?.report(inbox ? 'cluster-bus' : 'cluster-records', error, { room: inbox ? undefined : this.channelRoom.get(channel) });
    }
  }

  private ownedRoom(id: string): LiveRoom | undefined {
    const room = this.rooms.get(id);
    return room?.role === 'owner' ? room : undefined;
  }

  /** Another node's request for a room this node should own. */
  private serve(request: BusRequest & { from: string; corr: number }): void {
    const room = this.ownedRoom(request.room);
    const answer = (reply: BusReply): void => this.bus.reply(request.from, reply);
    if (!room) return answer({ k: 'reply', corr: request.corr, notOwner: true });
    const work: Promise<BusReply> =
      request.k === 'cmd' ? room.command(request.actor, request.id, request.cmd).then((result) => ({ k: 'reply', corr: request.corr, result }))
      : request.k === 'votes' ? room.voteBatch(request.votes).then((results) => ({ k: 'reply', corr: request.corr, results }))
      : this.closeOwned(room).then(() => ({ k: 'reply', corr: request.corr, result: { ok: true, version: room.version } }));
    // A failure here (the log failed: lease lost) is no answer at all: the asker retries with the new owner.
    work.then(answer, (cause: unknown) => this.deps.log(`room ${request.room}: request from ${request.from} failed: ${String(cause)}`));
  }

  private async sendCommand(room: string, actor: CommandActor, id: string, command: RoomCommand): Promise<CommandResult> {
    return this.toOwner(room, { k: 'cmd', room, actor, id, cmd: command }, (owner) => owner.command(actor, id, command), (reply) => ('result' in reply ? reply.result : null));
  }

  private async sendVotes(room: string, votes: ForwardedVote[]): Promise<CommandResult[]> {
    this.options.hooks?.voteBatch?.(votes.length);
    return this.toOwner(room, { k: 'votes', room, votes }, (owner) => owner.voteBatch(votes), (reply) => ('results' in reply ? reply.results : null));
  }

  private async sendPresence(room: string, actor: CommandActor, action: 'join' | 'leave'): Promise<void> {
    const owner = await this.resolveOwner(room).catch(() => null);
    if (owner === null) return; // analytics only: a presence lost in a failover is not worth a retry
    if (owner === this.nodeId) this.ownedRoom(room)?.presence(actor, action);
    else this.bus.presence(owner, { k: 'presence', room, actor, action });
  }

  private async resolveOwner(room: string): Promise<string | null> {
    const cached = this.ownerCache.get(room);
    if (cached !== undefined) return cached;
    const owner = await this.leases.owner(room);
    if (owner !== null) this.ownerCache.set(room, owner);
    return owner;
  }

  /**
   * Sends a request to the room's owner and waits for its answer, retrying
   * through a failover: no owner yet, an owner that stopped answering, or one
   * that says it no longer owns the room. If this node becomes the owner
   * meanwhile, `local` runs the request here; `answer` reads a remote owner's
   * reply (null: not the kind of reply this request gets). Gives up after
   * about three lease times; callers then report the room unavailable, and
   * clients resend the same command id.
   */
  private async toOwner<T>(room: string, request: BusRequest, local: (owner: LiveRoom) => Promise<T>, answer: (reply: BusReply) => T | null): Promise<T> {
    const leaseMs = this.options.leaseMs;
    const deadline = this.deps.now() + 3 * leaseMs + 2000;
    const pause = Math.min(250, Math.max(50, Math.floor(leaseMs / 6)));
    let lastProblem = 'no owner';
    let attempts = 0;
    const hooks = this.options.hooks;
    while (!this.stopping && this.deps.now() < deadline) {
      const owner = await this.resolveOwner(room).catch(() => null);
      if (owner === null) {
        await sleep(pause);
        continue;
      }
      if (owner === this.nodeId) {
        const mine = this.ownedRoom(room);
        if (mine) return local(mine);
        this.ownerCache.delete(room); // the lease is ours but the takeover is still rebuilding the room
        await sleep(pause);
        continue;
      }
      try {
        attempts += 1;
        const reply = await this.bus.request(owner, request, Math.max(1000, leaseMs));
        if ('error' in reply) throw new Error(reply.error);
        if (!('notOwner' in reply)) {
          const value = answer(reply);
          if (value === null) throw new Error(`node ${owner} answered a '${request.k}' request with the wrong kind of reply`);
          hooks?.forwarded?.(request.k, attempts > 1 ? 'retried' : 'ok');
          return value;
        }
        lastProblem = `node ${owner} no longer owns it`;
      } catch (cause) {
        lastProblem = cause instanceof BusTimeoutError ? cause.message : String(cause);
      }
      this.ownerCache.delete(room);
      await sleep(pause);
    }
    hooks?.forwarded?.(request.k, 'failed');
    throw new Error(`room ${room} is unavailable (${lastProblem})`);
  }

  private async renew(): Promise<void> {
    const owned = this.list().filter((r) => r.role === 'owner' && !r.closed).map((r) => r.id);
    let lost: string[];
    try {
      lost = await this.leases.renew(owned);
    } catch (cause) {
      this.deps.log(`cluster: lease renewal failed: ${String(cause)}`);
      return;
    }
    for (const id of lost) {
      const room = this.rooms.get(id);
      if (room) this.demote(room, 'its lease lapsed');
    }
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
      const { redis, keys } = this.options;
      this.sweeps += 1;
      const full = this.sweeps % FULL_SWEEP_EVERY === 1;
      const lapsed = full ? await redis.sdiff(keys.rooms, keys.closedRooms) : await this.leases.lapsed();
      const candidates = lapsed.filter((id) => this.ownedRoom(id) === undefined);
      for (const id of await this.leases.acquireFree(candidates)) await this.takeOver(id);
    } catch (cause) {
      this.deps.log(`cluster: sweep failed: ${String(cause)}`);
    } finally {
      this.sweeping = false;
    }
  }

  private async takeOver(id: string): Promise<void> {
    const started = this.deps.now();
    this.ownerCache.set(id, this.nodeId);
    try {
      const pending = this.opening.get(id);
      const existing = this.rooms.get(id) ?? (pending ? await pending : undefined);
      if (existing && existing.role === 'follower') {
        await existing.promote();
      } else if (!existing) {
        this.rooms.set(id, await LiveRoom.recover(this.deps, id));
      }
      const channel = this.options.keys.records(id);
      if (this.channelRoom.delete(channel)) await this.options.subscriber.unsubscribe(channel);
      const ms = this.deps.now() - started;
      this.options.hooks?.tookOver?.(ms);
      this.deps.log(`cluster: node ${this.nodeId} took over room ${id} in ${ms} ms`);
    } catch (cause) {
      this.ownerCache.delete(id);
      this.deps.log(`cluster: taking over room ${id} failed, lease released: ${String(cause)}`);
      await this.leases.release(id).catch(() => undefined);
    }
  }

  /** The room's log failed; in a cluster that means another node owns it now. */
  private onFailed(room: LiveRoom, cause: unknown): void {
    if (this.rooms.get(room.id) !== room) return;
    this.demote(room, String(cause));
  }

  /** Drops this node's copy and follows the room afresh (its in-memory state may hold inputs that were never durable). */
  private demote(room: LiveRoom, why: string): void {
    this.deps.log(`cluster: node ${this.nodeId} gave up room ${room.id}: ${why}`);
    this.options.hooks?.gaveUp?.();
    room.dispose();
    this.rooms.delete(room.id);
    this.ownerCache.delete(room.id);
    void this.leases.release(room.id).catch(() => undefined);
    if (!this.stopping) void this.open(room.id).catch((cause: unknown) => this.deps.log(`room ${room.id}: following it again failed: ${String(cause)}`));
  }
}
