/**
 * Why this file stays whole (601 lines): LiveRoom is one room's actor, and its
 * one invariant is an ordering over private state that every path shares:
 * apply an input through the room core, append it (group-committed), and only
 * then acknowledge and broadcast; the cue timer, the outbox, snapshots,
 * follower catch-up and failure containment all read and write the same
 * fields (durable, outbox, wakeAt, lastSeq, failure). Split into files, that
 * state would have to be shared across modules and the ordering would no
 * longer be checkable in one read. The rooms-wing redesign (one route for a
 * command, issue 18) is where it is cut along that route instead.
 */
import {
  activeHotspot,
  applyRoomInput,
  quizResults,
  roomPosition,
  countVotes,
  createRoomLogic,
  createRoomState,
  encodeMessage,
  MSG,
  nextWakeAt,
  roomSnapshot,
  viewOf,
  type CommandActor,
  type CommandResult,
  type RoomCommand,
  type RoomEvent,
  type RoomInput,
  type RoomLogic,
  type RoomSnapshot,
  type RoomState,
  type RoomStep,
  type Story,
} from '../../engine/index.ts';
import type { RoomStore } from '../store/room-store.ts';
import { EventRing } from './event-ring.ts';
import { ThrottledPublisher } from './throttled-publisher.ts';
import { decodeLogEntry, decodeSnapshot, encodeLogEntry, encodeSnapshot } from './log-entry.ts';

/** What a live room needs from the server around it. */
export interface LiveRoomDeps {
  store: RoomStore;
  now: () => number;
  /** Sends one encoded frame to every socket in the room (uWS topic publish). */
  publish: (roomId: string, frame: Uint8Array) => void;
  log: (line: string) => void;
  /** Observes how long each durable append took (ms), for the fsync histogram. */
  onAppend?: (ms: number) => void;
  /** Live tally broadcasts at most this often (default 100 ms: 10 a second). */
  tallyIntervalMs?: number;
  /** Write a snapshot after this many logged inputs (default 500)… */
  snapshotEvery?: number;
  /**
   * …and at most this often (default 1000 ms). A snapshot encodes the whole
   * story and state; under a vote storm a count-only cadence would encode it
   * dozens of times a second. Recovery replays at most this long a log tail.
   */
  snapshotMinIntervalMs?: number;
  /** Versioned events kept for resume (default 4096). */
  resumeWindow?: number;
  /** Sends one encoded frame to the room's hosts only (the live quiz heatmap). */
  publishHosts?: (roomId: string, frame: Uint8Array) => void;
  /** Issues coupon codes; without it, claims are refused. */
  coupons?: CouponIssuer;
  /** The word-filter hook: may rewrite a comment's text, or refuse it. */
  filterComment?: (text: string) => { ok: true; text: string } | { ok: false; reason: string };
  /** Live heatmap frames at most this often (default 250 ms: 4 a second). */
  heatmapIntervalMs?: number;
  /** Hosts' audience counters (STATS) at most this often (default 1 s). */
  statsIntervalMs?: number;
  /** Cluster mode: where a follower sends what only the room's owner may apply. */
  remote?: RemoteOwner;
  /** The room stopped for good after its log failed (in a cluster: it lost its lease); the registry drops it. */
  onFailed?: (room: LiveRoom, cause: unknown) => void;
  /** A `closed` event went out to this node's sockets (owner or follower). */
  onClosed?: (roomId: string) => void;
  /** Counts an exception caught in one of the room's own timers (cue ticks, broadcast flushes); see health/contained-errors.ts. */
  contain?: (error: unknown, roomId: string) => void;
}

/**
 * The owner of a room, seen from a node that only follows it (cluster mode).
 * Each call resolves once the owner made the command durable, or rejects when
 * no owner answered in time.
 */
export interface RemoteOwner {
  command(room: string, actor: CommandActor, id: string, command: RoomCommand): Promise<CommandResult>;
  /** A viewer's vote, merged into this node's next vote batch (at most every 100 ms). */
  vote(room: string, sub: string, id: string, option: string): Promise<CommandResult>;
  presence(room: string, actor: CommandActor, action: 'join' | 'leave'): void;
  close(room: string): Promise<void>;
}

/** What a room needs from the coupon campaign ledger. */
export interface CouponIssuer {
  claim(campaign: string, sub: string, limit: number | undefined): Promise<{ ok: true; code: string } | { ok: false; reason: 'sold-out' }>;
}

/** A stored comment, as clients see it. */
export interface CommentView {
  id: string;
  sub: string;
  at: number;
  text: string;
  t: number;
}

/** Comments sent around a position: this many media seconds either side. */
export const COMMENT_WINDOW_SECONDS = 30;
const MAX_COMMENTS_PER_WINDOW = 500;

/** The room's log could not be written: the room stops accepting commands rather than diverge. */
export class RoomFailedError extends Error {
  override name = 'RoomFailedError';
}

/**
 * One room on this server: the pure room core plus the things it must not do
 * itself — a durable log, a timer for the next cue, batched broadcasts and a
 * throttled live tally.
 *
 * Ordering rule: inputs apply in memory in arrival order, are appended in the
 * same order, and their events are broadcast and their commands acknowledged
 * only once durable, so nobody sees or is promised what a crash could undo.
 *
 * In a cluster a room is either the owner (authoritative, as above) or a
 * follower: a replica that applies the owner's durable records in seq order
 * (the core is deterministic, so it derives the very same events), serves
 * joins and broadcasts to this node's sockets, and forwards commands to the
 * owner. `promote()` turns a follower into the owner after a failover.
 */
export class LiveRoom {
  private durable: Promise<void> = Promise.resolve();
  private durableVersion: number;
  private wakeTimer: NodeJS.Timeout | undefined;
  /** The instant `wakeTimer` is armed for. */
  private wakeAt: number | undefined;
  private readonly tally: ThrottledPublisher;
  private outbox: RoomEvent[] = [];
  private flushScheduled = false;
  private loggedSinceSnapshot = 0;
  private lastSnapshotAt = Number.NEGATIVE_INFINITY;
  private snapshotWriting = false;
  private failure: Error | undefined;
  private disposed = false;
  private readonly heatmap: ThrottledPublisher;
  private readonly stats: ThrottledPublisher;
  /** Comments by node, in arrival order; rebuilt from the log on recovery. */
  private readonly commentsByNode = new Map<string, CommentView[]>();
  /** The seq of the last log record folded into `state`. */
  private lastSeq: number;
  /** The highest record seq a follower has heard of (it may not have it yet). */
  private highestSeen = 0;
  private catchingUp: Promise<void> | undefined;

  private constructor(
    private readonly deps: LiveRoomDeps,
    private readonly logic: RoomLogic,
    private readonly state: RoomState,
    private readonly ring: EventRing,
    lastSeq: number,
    private following = false,
  ) {
    this.lastSeq = lastSeq;
    this.durableVersion = state.version;
    // Send what is durable: each waits for in-flight inputs, so a tally never runs ahead of acks.
    this.tally = new ThrottledPublisher(deps.tallyIntervalMs ?? 100, deps.now, () => this.durable, () => this.publishTally());
    this.heatmap = new ThrottledPublisher(deps.heatmapIntervalMs ?? 250, deps.now, () => this.durable, () => this.publishHeatmap());
    this.stats = new ThrottledPublisher(deps.statsIntervalMs ?? 1000, deps.now, () => this.durable, () => this.deps.publishHosts?.(this.id, this.statsFrame()));
  }

  /** Creates a room and makes its creation durable before returning it. */
  static async create(deps: LiveRoomDeps, story: Story, id: string): Promise<LiveRoom> {
    const t = deps.now();
    const [seq] = await deps.store.append(id, [encodeLogEntry({ k: 'create', room: id, t, story })]);
    const logic = createRoomLogic(story);
    const room = new LiveRoom(deps, logic, createRoomState(logic, id, t), new EventRing(deps.resumeWindow ?? 4096), seq ?? 1);
    room.reschedule();
    return room;
  }

  /**
   * Rebuilds a room from its latest snapshot plus the log after it, then
   * catches up on cues that fell due while the server was down: the timeline
   * is anchored to the server clock, so it continues from the right position.
   */
  static async recover(deps: LiveRoomDeps, id: string): Promise<LiveRoom> {
    const room = await LiveRoom.rebuild(deps, id, false);
    room.tick();
    return room;
  }

  /**
   * A follower of a room another node owns (cluster mode): the same rebuild
   * as recover(), but it never ticks or logs; it waits for the owner's records.
   */
  static follow(deps: LiveRoomDeps, id: string): Promise<LiveRoom> {
    return LiveRoom.rebuild(deps, id, true);
  }

  private static async rebuild(deps: LiveRoomDeps, id: string, following: boolean): Promise<LiveRoom> {
    const snapshot = await deps.store.latestSnapshot(id);
    let logic: RoomLogic | undefined;
    let state: RoomState | undefined;
    const ring = new EventRing(deps.resumeWindow ?? 4096);
    const replayed: RoomEvent[] = [];
    let lastSeq = snapshot?.seq ?? 0;
    if (snapshot) {
      const decoded = decodeSnapshot(snapshot.data);
      logic = createRoomLogic(decoded.story);
      state = decoded.state;
    }
    for await (const record of deps.store.read(id, snapshot?.seq ?? 0)) {
      lastSeq = record.seq;
      const entry = decodeLogEntry(record.data);
      if (entry.k === 'create') {
        logic = createRoomLogic(entry.story);
        state = createRoomState(logic, entry.room, entry.t);
      } else if (logic && state) {
        const events = applyRoomInput(logic, state, entry.input).events;
        ring.push(events);
        replayed.push(...events.filter((e) => e.type === 'comment'));
      }
    }
    if (!logic || !state) throw new RoomFailedError(`room ${id}: log has no create record`);
    const room = new LiveRoom(deps, logic, state, ring, lastSeq, following);
    room.indexComments(replayed);
    return room;
  }

  get id(): string {
    return this.state.room;
  }

  get storyId(): string {
    return this.logic.story.id;
  }

  get version(): number {
    return this.state.version;
  }

  get closed(): boolean {
    return this.state.closed;
  }

  /** 'owner' applies and logs; a 'follower' replays the owner's records (cluster mode). */
  get role(): 'owner' | 'follower' {
    return this.following ? 'follower' : 'owner';
  }

  /**
   * A follower hears of a durable record (the owner's records channel).
   * Records apply strictly in seq order; a gap (a missed message) is filled
   * from the store, so a follower never skips or reorders an input.
   */
  receive(seq: number, data: Uint8Array): void {
    if (!this.following || this.disposed) return;
    this.highestSeen = Math.max(this.highestSeen, seq);
    if (seq === this.lastSeq + 1 && !this.catchingUp) this.applyRecord(seq, data);
    else if (seq > this.lastSeq + 1) void this.catchUp().catch((cause: unknown) => this.deps.log(`room ${this.id}: catching up from the store failed: ${String(cause)}`));
  }

  /** Reads every record after the last one folded, until nothing newer is known. */
  private catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      for (let round = 0; round < 100; round++) {
        for await (const record of this.deps.store.read(this.id, this.lastSeq)) this.applyRecord(record.seq, record.data);
        if (this.highestSeen <= this.lastSeq) return;
      }
    })().finally(() => {
      this.catchingUp = undefined;
    });
    return this.catchingUp;
  }

  private applyRecord(seq: number, data: Uint8Array): void {
    if (seq !== this.lastSeq + 1) return;
    this.lastSeq = seq;
    const entry = decodeLogEntry(data);
    if (entry.k !== 'input') return;
    const input = entry.input;
    const step = applyRoomInput(this.logic, this.state, input);
    this.durableVersion = this.state.version;
    this.afterDurable(step.events);
    this.requestLiveFrames(input, step);
  }

  /**
   * A follower that may have missed records without knowing (its
   * subscription dropped and came back) reads the store to its end.
   */
  async resync(): Promise<void> {
    if (!this.following || this.disposed) return;
    await this.catchingUp?.catch(() => undefined);
    for await (const record of this.deps.store.read(this.id, this.lastSeq)) this.applyRecord(record.seq, record.data);
  }

  /**
   * Makes a follower the owner, once this node holds the room's lease: folds
   * whatever the old owner made durable, then fires the cues that fell due
   * meanwhile at their exact instants, so the timeline continues unchanged.
   */
  async promote(): Promise<void> {
    if (!this.following) return;
    // This node holds the lease now: nobody appends any more, so one read reaches the end.
    await this.resync();
    this.following = false;
    this.loggedSinceSnapshot = 0;
    this.tick();
  }

  /** Applies a command; resolves with its result once it is durable (rejections resolve at once). */
  command(actor: CommandActor, id: string, command: RoomCommand): Promise<CommandResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.following) return this.forward(actor, id, command);
    // In a cluster the owner's own viewers vote through this node's batches too: a vote storm
    // costs one log record per batch, and every follower replays one record, not one per vote.
    if (this.deps.remote && command.type === 'vote' && actor.role === 'viewer') return this.deps.remote.vote(this.id, actor.sub, id, command.option);
    if (command.type === 'claim') return this.claim(actor, id, command.hotspot);
    if (command.type === 'comment' && this.deps.filterComment) {
      const filtered = this.deps.filterComment(command.text);
      if (!filtered.ok) return Promise.resolve({ ok: false, code: 'invalid', message: filtered.reason });
      command = { ...command, text: filtered.text };
    }
    return this.applyCommand(actor, id, command);
  }

  private forward(actor: CommandActor, id: string, command: RoomCommand): Promise<CommandResult> {
    const remote = this.deps.remote;
    if (!remote) return Promise.reject(new RoomFailedError(`room ${this.id}: follower without an owner to forward to`));
    if (command.type === 'vote' && actor.role === 'viewer') return remote.vote(this.id, actor.sub, id, command.option);
    return remote.command(this.id, actor, id, command);
  }

  /**
   * The owner merges a node's vote batch: one logged record for the batch
   * (only its accepted votes), one result per vote once that record is durable.
   */
  voteBatch(votes: Array<[sub: string, id: string, option: string]>): Promise<CommandResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.following) return Promise.reject(new RoomFailedError(`room ${this.id}: not the owner`));
    const step = this.apply({ type: 'votes', t: this.deps.now(), votes });
    const results = step.results ?? [];
    return this.durable.then(() => {
      if (this.failure) throw this.failure;
      return results;
    });
  }

  private applyCommand(actor: CommandActor, id: string, command: RoomCommand): Promise<CommandResult> {
    const step = this.apply({ type: 'command', t: this.deps.now(), actor, id, command });
    const result = step.result ?? { ok: false, code: 'bad-state', message: 'no result' };
    return result.ok ? this.durable.then(() => this.checkFailure(result)) : Promise.resolve(result);
  }

  /**
   * A coupon claim: the room checks the hotspot is a coupon on screen, the
   * campaign ledger issues (or re-issues) the viewer's code durably, and the
   * claim is logged with that code.
   */
  private async claim(actor: CommandActor, id: string, hotspotId: string): Promise<CommandResult> {
    const previous = Object.hasOwn(this.state.recent, actor.sub) ? this.state.recent[actor.sub]?.find(([seen]) => seen === id) : undefined;
    if (previous) return previous[1];
    // The error rule (engine/room/command-checks.ts): "not now" before "no such hotspot here".
    // Checked before the ledger, too: a closed room must not use up a code of the campaign.
    if (this.state.closed) return { ok: false, code: 'bad-state', message: 'the room is closed' };
    if (!this.deps.coupons) return { ok: false, code: 'bad-state', message: 'coupons are not available on this server' };
    const hotspot = activeHotspot(this.logic, this.state, this.deps.now(), hotspotId);
    if (typeof hotspot === 'string') return { ok: false, code: 'invalid', message: hotspot };
    if (hotspot.kind !== 'coupon') return { ok: false, code: 'invalid', message: `hotspot '${hotspotId}' is not a coupon` };
    const issued = await this.deps.coupons.claim(hotspot.campaign, actor.sub, hotspot.limit);
    if (!issued.ok) return { ok: false, code: 'bad-state', message: `campaign '${hotspot.campaign}' has no codes left` };
    return this.applyCommand(actor, id, { type: 'claim', hotspot: hotspotId, code: issued.code });
  }

  /** Logs a connection joining or leaving (analytics); nothing is broadcast. */
  presence(actor: CommandActor, action: 'join' | 'leave'): void {
    if (this.failure || this.disposed) return;
    if (this.following) return this.deps.remote?.presence(this.id, actor, action);
    this.apply({ type: 'presence', t: this.deps.now(), actor, action });
  }

  /** This subject's running quiz score. */
  scoreOf(sub: string): number {
    return this.state.scores[sub] ?? 0;
  }

  /** Comments of `node` with media time in [from, to], oldest first (at most 500). */
  commentsBetween(node: string, from: number, to: number): CommentView[] {
    return (this.commentsByNode.get(node) ?? []).filter((c) => c.at >= from && c.at <= to).slice(-MAX_COMMENTS_PER_WINDOW);
  }

  /** The comments window around the room's current position, as a frame. */
  commentsFrame(): Uint8Array {
    const node = this.state.timeline.node;
    const position = roomPosition(this.logic, this.state, this.deps.now());
    const from = Math.max(0, position - COMMENT_WINDOW_SECONDS);
    const to = position + COMMENT_WINDOW_SECONDS;
    return encodeMessage({ t: MSG.COMMENTS, node, from, to, comments: this.commentsBetween(node, from, to) });
  }

  private indexComments(events: readonly RoomEvent[]): void {
    for (const e of events) {
      if (e.type !== 'comment') continue;
      const list = this.commentsByNode.get(e.node) ?? [];
      list.push({ id: e.id, sub: e.sub, at: e.at, text: e.text, t: e.t });
      this.commentsByNode.set(e.node, list);
    }
  }

  /** Closes the room for good (DELETE): broadcasts `closed`, stops its timers. */
  async close(): Promise<void> {
    if (this.following) {
      await this.deps.remote?.close(this.id);
      return;
    }
    if (!this.state.closed) this.apply({ type: 'close', t: this.deps.now() });
    await this.durable;
    this.dispose();
  }

  /** The snapshot a joining client gets, once everything applied so far is durable. */
  async snapshot(): Promise<RoomSnapshot> {
    await this.durable;
    await this.catchingUp;
    return roomSnapshot(this.logic, this.state);
  }

  /** Exactly the durable events after `since`, or undefined if they are no longer held. */
  eventsSince(since: number): RoomEvent[] | undefined {
    return this.ring.since(since, this.durableVersion);
  }

  /** The story this room plays. */
  get story(): Story {
    return this.logic.story;
  }

  /** Stops timers; the room can no longer change. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.wakeTimer);
    this.tally.stop();
    this.heatmap.stop();
    this.stats.stop();
  }

  /** Waits until everything applied so far is durable. */
  settled(): Promise<void> {
    return this.durable;
  }

  private tick(): void {
    if (this.disposed || this.failure || this.following) return;
    this.apply({ type: 'tick', t: this.deps.now() });
  }

  private apply(input: RoomInput): RoomStep {
    const before = { version: this.state.version, fired: this.state.fired.length };
    const step = applyRoomInput(this.logic, this.state, input);
    // A vote batch logs only its accepted votes: replaying it then refuses none.
    const logged: RoomInput = input.type === 'votes' ? { ...input, votes: input.votes.filter((_, i) => step.results?.[i]?.ok === true) } : input;
    const accepted = logged.type === 'command' ? step.result?.ok === true : logged.type === 'votes' ? logged.votes.length > 0 : true;
    // Every input first fires the cues due at its time. A refused one, or a tick whose cue emits
    // nothing (a decided choice's close), may have fired some: log a tick at its time for them, so the
    // room stays the fold of its log (followers, recovery and state hashes rely on that).
    const firedCues = this.state.version !== before.version || this.state.fired.length !== before.fired;
    if (accepted && (input.type !== 'tick' || firedCues)) this.persist(logged, step);
    else if (firedCues) this.persist({ type: 'tick', t: input.t }, step);
    this.requestLiveFrames(input, step);
    this.reschedule();
    return step;
  }

  /** The throttled frames an applied input may have changed: the tally, and the hosts' heatmap and stats. */
  private requestLiveFrames(input: RoomInput, step: RoomStep): void {
    if (step.tallyChanged) this.tally.request();
    if (!this.deps.publishHosts) return;
    const accepted = input.type === 'command' && step.result?.ok === true;
    if (accepted && input.command.type === 'answer') this.heatmap.request();
    if (input.type === 'presence' || (accepted && (input.command.type === 'hotspot' || input.command.type === 'claim'))) this.stats.request();
  }

  private persist(input: RoomInput, step: RoomStep): void {
    this.loggedSinceSnapshot += 1;
    const started = this.deps.now();
    const snapshotDue =
      this.loggedSinceSnapshot >= (this.deps.snapshotEvery ?? 500) &&
      started - this.lastSnapshotAt >= (this.deps.snapshotMinIntervalMs ?? 1000) &&
      !this.snapshotWriting;
    // Captured now: the snapshot must be the state exactly at this record.
    const snapshotData = snapshotDue ? encodeSnapshot({ story: this.logic.story, state: this.state }) : undefined;
    if (snapshotDue) {
      this.loggedSinceSnapshot = 0;
      this.lastSnapshotAt = started;
      this.snapshotWriting = true;
    }
    const appended = this.deps.store.append(this.id, [encodeLogEntry({ k: 'input', input })]);
    const version = this.state.version;
    this.durable = this.durable
      .then(() => appended)
      .then(([seq]) => {
        this.deps.onAppend?.(this.deps.now() - started);
        this.durableVersion = version;
        if (seq !== undefined) this.lastSeq = seq;
        this.afterDurable(step.events);
        if (snapshotData && seq !== undefined) {
          this.deps.store
            .writeSnapshot(this.id, { seq, data: snapshotData })
            .catch((cause: unknown) => {
              this.deps.log(`room ${this.id}: snapshot at seq ${seq} failed (the log still has everything): ${String(cause)}`);
            })
            .finally(() => (this.snapshotWriting = false));
        } else if (snapshotData) {
          this.snapshotWriting = false;
        }
      })
      .catch((cause: unknown) => {
        if (!this.failure) {
          this.failure = new RoomFailedError(`room ${this.id}: log append failed`, { cause });
          this.deps.log(`${this.failure.message}: ${String(cause)}`);
          this.dispose();
          this.deps.onFailed?.(this, cause);
        }
      });
  }

  private checkFailure(result: CommandResult): CommandResult {
    if (this.failure) throw this.failure;
    return result;
  }

  /** Events go out in version order, one frame per room per event-loop turn. */
  private afterDurable(events: readonly RoomEvent[]): void {
    if (events.length === 0) return;
    this.ring.push(events);
    this.indexComments(events);
    this.outbox.push(...events);
    this.scheduleFlush();
    // After the flush is queued: onClosed defers the socket closes past it, so `closed` reaches them first.
    if (events.some((e) => e.type === 'closed')) this.deps.onClosed?.(this.id);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const batch = this.outbox;
      this.outbox = [];
      if (batch.length === 0) return;
      try {
        this.deps.publish(this.id, encodeMessage({ t: MSG.EVENTS, events: batch }));
        // After a seek or a new node, everyone needs the comments around the new position.
        if (batch.some((e) => e.type === 'timeline' || e.type === 'node')) this.deps.publish(this.id, this.commentsFrame());
      } catch (error) {
        this.contain(error);
      }
    });
  }

  private contain(error: unknown): void {
    if (this.deps.contain) this.deps.contain(error, this.id);
    else this.deps.log(`room ${this.id}: a room timer failed: ${String(error)}`);
  }

  /** Connections present and hotspot counters, for hosts (instead of polling the analytics export). */
  statsFrame(): Uint8Array {
    const hotspots = Object.entries(this.state.hotspots).map(([hotspot, counts]) => ({ hotspot, impressions: counts.impressions, clicks: counts.clicks, claims: counts.claims }));
    return encodeMessage({ t: MSG.STATS, present: this.state.present, hotspots });
  }

  private publishHeatmap(): void {
    const open = Object.values(this.state.quizzes).filter((q) => q.closedAt === undefined);
    if (open.length > 0) this.deps.publishHosts?.(this.id, encodeMessage({ t: MSG.HEATMAP, quizzes: open.map((q) => quizResults(q)) }));
  }

  /**
   * Wakes the room exactly when its next cue falls due. Most inputs (votes)
   * leave that instant unchanged: the armed timer is then kept, not re-armed.
   */
  private reschedule(): void {
    const at = this.disposed ? undefined : nextWakeAt(this.logic.story, this.state);
    if (at === this.wakeAt && (at === undefined) === (this.wakeTimer === undefined)) return;
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    this.wakeAt = at;
    if (at === undefined) return;
    // +1 ms: a timer firing a hair early would find nothing due and re-arm anyway.
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeAt = undefined;
      // A throw in a timer callback would reach the process and stop every room on the node.
      try {
        this.tick();
      } catch (error) {
        this.contain(error);
      }
    }, Math.max(0, at - this.deps.now() + 1));
    this.wakeTimer.unref?.();
  }

  private publishTally(): void {
    const view = viewOf(this.logic, this.state.machine);
    if (view.phase !== 'open' || !view.choice) return;
    const counts = countVotes(this.state.votes, view.choice.options);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    this.deps.publish(this.id, encodeMessage({ t: MSG.TALLY, node: view.node, counts, total }));
  }
}
