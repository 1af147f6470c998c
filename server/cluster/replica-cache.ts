import type { Redis } from 'ioredis';
import { LiveRoom, type LiveRoomDeps } from '../rooms/live-room.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { readRecordMessage, type PublishedRecord } from '../redis/record-message.ts';
import type { ClusterHooks } from './cluster-metrics.ts';
import type { HeldRooms } from './held-rooms.ts';
import { isFoldableRecord } from './record-entry.ts';
import { readTallyMessage } from './tally-message.ts';

export interface ReplicaCacheOptions {
  held: HeldRooms;
  /** LiveRoom's dependencies, with the route to the owner for what a follower forwards. */
  deps: LiveRoomDeps;
  redis: Redis;
  /** The subscriber connection: each followed room's records channel. */
  subscriber: Redis;
  keys: RedisKeys;
  hooks?: ClusterHooks;
  /** Sockets of this node watching the room: a follower nobody here watches is dropped. */
  localViewers?: (room: string) => number;
  /** How long a follower may go unwatched before it is dropped (default 60 s). */
  followIdleMs?: number;
}

/**
 * The rooms this node follows for its own viewers (replicas of rooms another
 * node owns), each fed by its room's records channel. Following is lazy (the
 * first join or API call) and idle followers are dropped after
 * `followIdleMs`, so a node's cost grows with the rooms its viewers watch.
 */
export class ReplicaCache {
  private readonly opening = new Map<string, Promise<LiveRoom | undefined>>();
  /** Records that arrived while a follower was still loading. */
  private readonly early = new Map<string, PublishedRecord[]>();
  private readonly channelRoom = new Map<string, string>();
  /** Tally channels (keys.ts `tally`) of the rooms followed here. */
  private readonly tallyRoom = new Map<string, string>();
  /** When each follower was last seen with local viewers. */
  private readonly watchedAt = new Map<string, number>();
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ReplicaCacheOptions) {}

  get followIdleMs(): number {
    return this.options.followIdleMs ?? 60_000;
  }

  /** The room held here, or a new follower of it; one load per room at a time. */
  open(id: string): Promise<LiveRoom | undefined> {
    const room = this.options.held.get(id);
    if (room) return Promise.resolve(room);
    let pending = this.opening.get(id);
    if (!pending) {
      pending = this.follow(id).finally(() => this.opening.delete(id));
      this.opening.set(id, pending);
    }
    return pending;
  }

  /** A follower still loading, if any (a takeover waits for it instead of rebuilding the room twice). */
  loading(id: string): Promise<LiveRoom | undefined> | undefined {
    return this.opening.get(id);
  }

  /** This node owns the room now: its records channel is no longer needed. */
  async unfollow(id: string): Promise<void> {
    await this.unsubscribe(id);
  }

  /**
   * A message on a records channel. Never throws past a record that is not
   * one the owner wrote: that is dropped and counted (the owner's real record
   * arrives on its own, and the stream holds the truth).
   */
  receive(channel: string, message: Buffer): void {
    const tallied = this.tallyRoom.get(channel);
    if (tallied !== undefined) return this.receiveTally(tallied, message);
    const id = this.channelRoom.get(channel);
    if (id === undefined) return;
    const record = readRecordMessage(message);
    if (record === undefined || !isFoldableRecord(record.data)) return this.options.hooks?.badFrame?.('records');
    const loading = this.early.get(id);
    if (loading) loading.push(record);
    else this.options.held.get(id)?.receive(record.seq, record.data);
  }

  /** The room a records or tally channel belongs to (for error reports). */
  roomOf(channel: string): string | undefined {
    return this.channelRoom.get(channel) ?? this.tallyRoom.get(channel);
  }

  /** Records published while the subscription was down are gone from pub/sub, not from the stream. */
  resyncAll(): void {
    for (const room of this.options.held.withRole('follower')) {
      void room.resync().catch((cause: unknown) => this.options.deps.log.warn({ room: room.id, err: cause }, 'resync failed'));
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
    const now = this.options.deps.now();
    for (const room of this.options.held.withRole('follower')) {
      if (count(room.id) > 0 || !this.watchedAt.has(room.id)) {
        this.watchedAt.set(room.id, now);
        continue;
      }
      if (now - (this.watchedAt.get(room.id) ?? now) < this.followIdleMs) continue;
      this.watchedAt.delete(room.id);
      this.options.held.delete(room);
      room.dispose();
      await this.unsubscribe(room.id).catch(() => undefined);
    }
  }

  /** Checks for idle followers a few times per `followIdleMs`. */
  start(): void {
    this.timer = setInterval(() => void this.dropUnwatched(), Math.max(1000, Math.floor(this.followIdleMs / 4)));
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** Loads a room another node owns and follows its records channel. */
  private async follow(id: string): Promise<LiveRoom | undefined> {
    const { redis, keys, subscriber, held } = this.options;
    if (this.stopped || !(await redis.sismember(keys.rooms, id))) return undefined;
    const channel = keys.records(id);
    this.channelRoom.set(channel, id);
    this.tallyRoom.set(keys.tally(id), id);
    this.early.set(id, []);
    // Subscribe before reading the stream: every record is then either in the stream read or heard live.
    await subscriber.subscribe(channel, keys.tally(id));
    try {
      const room = await LiveRoom.follow(this.options.deps, id);
      // The owner's last tally, for the snapshots of this node's first joiners (the next one may be long in coming).
      const last = await redis.getBuffer(keys.lastTally(id)).catch(() => null);
      const tally = last ? readTallyMessage(last) : undefined;
      if (tally) room.cluster.relayTally(tally, false);
      held.set(room);
      for (const record of this.early.get(id) ?? []) room.receive(record.seq, record.data);
      return room;
    } catch (cause) {
      await this.unsubscribe(id).catch(() => undefined);
      throw cause;
    } finally {
      this.early.delete(id);
    }
  }

  /** The owner's merged tally: shown by the follower (an owner here, or a room still loading, has its own or none yet). */
  private receiveTally(id: string, message: Buffer): void {
    const tally = readTallyMessage(message);
    if (tally === undefined) return this.options.hooks?.badFrame?.('tally');
    const room = this.options.held.get(id);
    if (room?.role === 'follower') room.cluster.relayTally(tally);
  }

  /** Stops hearing a room's records and tallies. */
  private async unsubscribe(id: string): Promise<void> {
    const { keys, subscriber } = this.options;
    const channels = [keys.records(id), keys.tally(id)].filter((channel) => this.channelRoom.delete(channel) || this.tallyRoom.delete(channel));
    if (channels.length > 0) await subscriber.unsubscribe(...channels);
  }
}
