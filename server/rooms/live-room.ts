import { encodeLogEntry, foldCreate, isKicked, roomSnapshot, type CommandActor, type CommandResult, type RoomCommand, type RoomEvent, type RoomFold, type RoomSnapshot, type Story } from '../../engine/index.ts';
import { EventRing } from './event-ring.ts';
import { RoomBroadcaster } from './room-broadcaster.ts';
import { CommentIndex, type CommentView } from './room-comments.ts';
import { forRoom, RoomFailedError, type LiveRoomDeps } from './room-deps.ts';
import { RoomOwner } from './room-owner.ts';
import { rebuildRoom, RoomReplica } from './room-replica.ts';
import type { QueuedVote } from './vote-coalescer.ts';

export { COMMENT_WINDOW_SECONDS, type CommentView } from './room-comments.ts';
export { RoomFailedError, type CouponIssuer, type LiveRoomDeps } from './room-deps.ts';

/**
 * One room on this server, along one route: ws → room → engine → store →
 * broadcast. The room is the fold of its log (engine/room/log-fold.ts); an
 * owner (room-owner.ts) applies, persists, then acknowledges, and a replica
 * (room-replica.ts) folds another node's records instead; both hand durable
 * events to the broadcaster (room-broadcaster.ts). This class only composes
 * them and routes a call to the side the room is on.
 *
 * In a cluster a room is the owner or a follower (a replica serving this node's
 * joins and broadcasts); `promote()` makes a follower the owner after a failover.
 */
export class LiveRoom {
  private owner: RoomOwner | undefined;
  private replica: RoomReplica | undefined;
  private disposed = false;
  private readonly broadcaster: RoomBroadcaster;

  private constructor(
    private readonly deps: LiveRoomDeps,
    private readonly fold: RoomFold,
    replayed: { ring: EventRing; comments: CommentIndex },
    lastSeq: number,
    following: boolean,
  ) {
    // Sends wait for the owner's appends in flight, so a tally never runs ahead of acks.
    this.broadcaster = new RoomBroadcaster(deps, fold, replayed.ring, replayed.comments, () => this.owner?.ready() ?? Promise.resolve());
    if (following) this.replica = new RoomReplica(deps, fold, this.broadcaster, lastSeq);
    else this.owner = this.newOwner();
  }

  /** Creates a room and makes its creation durable before returning it. */
  static async create(deps: LiveRoomDeps, story: Story, id: string): Promise<LiveRoom> {
    const entry = { k: 'create', room: id, t: deps.now(), story } as const;
    const [seq] = await deps.store.append(id, [encodeLogEntry(entry)]);
    const room = new LiveRoom(forRoom(deps, id), foldCreate(entry), { ring: new EventRing(deps.resumeWindow ?? 4096), comments: new CommentIndex() }, seq ?? 1, false);
    room.owner?.reschedule();
    room.deps.log.info({ story: story.id }, 'room created');
    return room;
  }

  /** Rebuilds a room from snapshot plus log, then fires the cues that fell due while the server was down (the timeline runs on the server clock). */
  static async recover(deps: LiveRoomDeps, id: string): Promise<LiveRoom> {
    const room = await LiveRoom.rebuild(deps, id, false);
    room.owner?.tick();
    return room;
  }

  /** A follower of a room another node owns (cluster mode): the same rebuild, but it never ticks or logs. */
  static follow(deps: LiveRoomDeps, id: string): Promise<LiveRoom> {
    return LiveRoom.rebuild(deps, id, true);
  }

  private static async rebuild(deps: LiveRoomDeps, id: string, following: boolean): Promise<LiveRoom> {
    const replayed = { ring: new EventRing(deps.resumeWindow ?? 4096), comments: new CommentIndex() };
    const { fold, lastSeq } = await rebuildRoom(deps.store, id, (events) => {
      replayed.ring.push(events);
      replayed.comments.add(events);
    }, { skipVotes: following });
    return new LiveRoom(forRoom(deps, id), fold, replayed, lastSeq, following);
  }

  get id(): string { return this.fold.state.room; }
  get storyId(): string { return this.story.id; }
  /** The story this room plays. */
  get story(): Story { return this.fold.logic.story; }
  get version(): number { return this.fold.state.version; }
  get closed(): boolean { return this.fold.state.closed; }
  /** 'owner' applies and logs; a 'follower' replays the owner's records (cluster mode). */
  get role(): 'owner' | 'follower' { return this.owner ? 'owner' : 'follower'; }

  /** A follower hears of a durable record (the owner's records channel). */
  receive(seq: number, data: Uint8Array): void {
    if (!this.disposed) this.replica?.receive(seq, data);
  }

  /** A follower that may have missed records unknowingly (its subscription came back) reads the store to its end. */
  async resync(): Promise<void> {
    if (!this.disposed) await this.replica?.resync();
  }

  /** Makes a follower the owner once this node holds the lease: folds what the old owner made durable, then fires the cues due meanwhile at their instants. */
  async promote(): Promise<void> {
    const replica = this.replica;
    if (!replica) return;
    // This node holds the lease: nobody appends, so reads reach the end (and fold the votes skipped).
    if (!this.disposed) await replica.foldVotes();
    replica.stop();
    this.replica = undefined;
    this.owner = this.newOwner();
    this.broadcaster.promoted();
    if (!this.disposed) this.owner.tick();
  }

  /** Cluster mode: the owner's merged tally a follower relays, and `present` summed over live nodes. */
  get cluster(): Pick<RoomBroadcaster, 'relayTally' | 'showPresent'> {
    return this.broadcaster;
  }

  /** Applies a command on the owner; resolves once it is durable (refusals at once). A follower applies nothing: see RoomDirectory.room(id). */
  command(actor: CommandActor, id: string, command: RoomCommand): Promise<CommandResult> {
    if (this.owner) return this.owner.command(actor, id, command);
    return Promise.reject(new RoomFailedError(`room ${this.id}: this node follows the room; commands go through RoomDirectory.room(id)`));
  }

  /** The owner merges another node's vote batch: one logged record (only its accepted votes), one result per vote once it is durable. */
  voteBatch(votes: QueuedVote[]): Promise<CommandResult[]> {
    if (!this.owner) return Promise.reject(new RoomFailedError(`room ${this.id}: not the owner`));
    return this.owner.voteBatch(votes);
  }

  /** Logs a connection joining or leaving (analytics); nothing is broadcast. */
  presence(actor: CommandActor, action: 'join' | 'leave'): void {
    if (!this.disposed) this.owner?.presence(actor, action);
  }

  /** Whether a host kicked `sub` out of this room (its tokens for the room are refused: server/ws/kick-gate.ts). */
  isKicked(sub: string): boolean {
    return isKicked(this.fold.state, sub);
  }

  scoreOf(sub: string): number {
    return this.fold.state.scores[sub] ?? 0;
  }

  /** Comments of `node` with media time in [from, to], oldest first (at most 500). */
  commentsBetween(node: string, from: number, to: number): CommentView[] {
    return this.broadcaster.commentsBetween(node, from, to);
  }

  commentsFrame(): Uint8Array {
    return this.broadcaster.commentsFrame();
  }

  statsFrame(): Uint8Array {
    return this.broadcaster.statsFrame();
  }

  /** Closes the room for good (DELETE), on the owner: broadcasts `closed`, stops its timers. */
  async close(): Promise<void> {
    if (!this.owner) throw new RoomFailedError(`room ${this.id}: this node follows the room; a close goes through RoomDirectory.close(id)`);
    await this.owner.close();
    this.dispose();
  }

  /** The snapshot a joining client gets, once everything applied so far is durable. */
  async snapshot(): Promise<RoomSnapshot> {
    await this.owner?.ready();
    await this.replica?.caughtUp;
    return this.broadcaster.withRelayedCounts(roomSnapshot(this.fold.logic, this.fold.state));
  }

  /** Exactly the durable events after `since`, or undefined if they are no longer held. */
  eventsSince(since: number): RoomEvent[] | undefined {
    return this.broadcaster.eventsSince(since);
  }

  /** Stops timers; the room can no longer change. */
  dispose(): void {
    this.disposed = true;
    this.owner?.stop();
    this.replica?.stop();
    this.broadcaster.stop();
  }

  /** Waits until everything applied so far (votes still coalescing included) is durable. */
  settled(): Promise<void> {
    return this.owner?.settled() ?? Promise.resolve();
  }

  private newOwner(): RoomOwner {
    return new RoomOwner(this.deps, this.fold, this.broadcaster, (cause) => {
      this.dispose();
      this.deps.onFailed?.(this, cause);
    });
  }
}
