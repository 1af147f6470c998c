import {
  countVotes,
  encodeMessage,
  MSG,
  quizResults,
  roomPosition,
  viewOf,
  type RoomEvent,
  type RoomFold,
  type RoomInput,
  type RoomSnapshot,
  type RoomStep,
} from '../../engine/index.ts';
import type { EventRing } from './event-ring.ts';
import { COMMENT_WINDOW_SECONDS, type CommentIndex, type CommentView } from './room-comments.ts';
import { containFor, type LiveRoomDeps } from './room-deps.ts';
import { ThrottledPublisher } from './throttled-publisher.ts';

type BroadcastDeps = Pick<LiveRoomDeps, 'now' | 'publish' | 'publishHosts' | 'shareTally' | 'log' | 'contain' | 'onClosed' | 'tallyIntervalMs' | 'heatmapIntervalMs' | 'statsIntervalMs'>;

/**
 * The last leg of a command's route: what a room sends once an input is
 * durable. Events go out in version order, one frame per room per event-loop
 * turn, and are kept for resume; the live tally, the hosts' heatmap and
 * stats go out throttled; comments are indexed by node for their window.
 *
 * It only ever hears of durable inputs (the owner after the append, a
 * replica after the owner's record), and its throttled frames wait on
 * `ready` (the owner's appends in flight), so nothing it sends runs ahead of
 * an acknowledgement.
 */
export class RoomBroadcaster {
  private outbox: RoomEvent[] = [];
  private flushScheduled = false;
  /** The room's version once everything sent so far is durable. */
  private durableVersion: number;
  private readonly tally: ThrottledPublisher;
  private readonly heatmap: ThrottledPublisher;
  private readonly stats: ThrottledPublisher;
  private readonly contain: (error: unknown) => void;
  /** A follower's last relayed tally of the open choice: what its joiners' snapshots show (its vote book is empty). */
  private relayed: { node: string; counts: Record<string, number> } | undefined;
  /** Cluster mode: connections present summed over live nodes (node-presence.ts); else the log's count. */
  private presentOverLiveNodes: number | undefined;

  constructor(
    private readonly deps: BroadcastDeps,
    private readonly fold: RoomFold,
    /** Versioned events for resume, and the comments, as the rebuild left them. */
    private readonly ring: EventRing,
    private readonly comments: CommentIndex,
    ready: () => Promise<unknown>,
  ) {
    this.durableVersion = fold.state.version;
    this.contain = containFor(deps, this.id);
    this.tally = new ThrottledPublisher(deps.tallyIntervalMs ?? 100, deps.now, ready, () => this.publishTally());
    this.heatmap = new ThrottledPublisher(deps.heatmapIntervalMs ?? 250, deps.now, ready, () => this.publishHeatmap());
    this.stats = new ThrottledPublisher(deps.statsIntervalMs ?? 1000, deps.now, ready, () => deps.publishHosts?.(this.id, this.statsFrame()));
  }

  private get id(): string {
    return this.fold.state.room;
  }

  /** The events of an input that just became durable; `version` is the room's version right after that input. */
  durable(events: readonly RoomEvent[], version: number): void {
    this.durableVersion = version;
    if (events.length === 0) return;
    if (events.some((e) => e.type === 'choice-open')) this.relayed = undefined;
    this.ring.push(events);
    this.comments.add(events);
    this.outbox.push(...events);
    this.scheduleFlush();
    // After the flush is queued: onClosed defers the socket closes past it, so `closed` reaches them first.
    if (events.some((e) => e.type === 'closed')) this.deps.onClosed?.(this.id);
  }

  /** The throttled frames an applied input may have changed: the tally, and the hosts' heatmap and stats. */
  requestLiveFrames(input: RoomInput, step: RoomStep): void {
    if (step.tallyChanged) this.tally.request();
    if (!this.deps.publishHosts) return;
    const accepted = input.type === 'command' && step.result?.ok === true;
    if (accepted && input.command.type === 'answer') this.heatmap.request();
    if (input.type === 'presence' || (accepted && (input.command.type === 'hotspot' || input.command.type === 'claim'))) this.stats.request();
  }

  /** Exactly the durable events after `since`, or undefined if they are no longer held. */
  eventsSince(since: number): RoomEvent[] | undefined {
    return this.ring.since(since, this.durableVersion);
  }

  /** Comments of `node` with media time in [from, to], oldest first (at most 500). */
  commentsBetween(node: string, from: number, to: number): CommentView[] {
    return this.comments.between(node, from, to);
  }

  /** The comments window around the room's current position, as a frame. */
  commentsFrame(): Uint8Array {
    const node = this.fold.state.timeline.node;
    const position = roomPosition(this.fold.logic, this.fold.state, this.deps.now());
    const from = Math.max(0, position - COMMENT_WINDOW_SECONDS);
    const to = position + COMMENT_WINDOW_SECONDS;
    return encodeMessage({ t: MSG.COMMENTS, node, from, to, comments: this.commentsBetween(node, from, to) });
  }

  /** Connections present and hotspot counters, for hosts (instead of polling the analytics export). */
  statsFrame(): Uint8Array {
    const hotspots = Object.entries(this.fold.state.hotspots).map(([hotspot, counts]) => ({ hotspot, impressions: counts.impressions, clicks: counts.clicks, claims: counts.claims }));
    return encodeMessage({ t: MSG.STATS, present: this.presentOverLiveNodes ?? this.fold.state.present, hotspots });
  }

  /**
   * A cluster's count of connections present, summed over the nodes still
   * reporting: a node that died never logs its viewers' leaves, so the log's
   * joins minus leaves would count them for ever.
   */
  showPresent(count: number): void {
    if (count === this.presentOverLiveNodes) return;
    this.presentOverLiveNodes = count;
    if (this.deps.publishHosts) this.stats.request();
  }

  /**
   * A follower shows the owner's tally (it folds no votes): relayed as it
   * came, if it is for the choice open here (one for a choice this room has
   * left behind is dropped: the switch event carries the final counts).
   */
  relayTally(tally: { node: string; counts: Record<string, number>; total: number; version: number }, publish = true): void {
    const { logic, state } = this.fold;
    const view = viewOf(logic, state.machine);
    if (view.phase !== 'open' || !view.choice || view.node !== tally.node) return;
    const counts = Object.fromEntries(view.choice.options.map((option) => [option, tally.counts[option] ?? 0]));
    this.relayed = { node: tally.node, counts };
    if (publish) this.deps.publish(this.id, encodeMessage({ t: MSG.TALLY, node: tally.node, counts, total: tally.total }));
  }

  /**
   * The room became the owner (promotion): its own tally from now on, sent
   * at once, since the old owner may have died before sending its last one.
   */
  promoted(): void {
    this.relayed = undefined;
    this.tally.request();
  }

  /** A snapshot with the counts a follower last relayed for the open choice (an owner's snapshot is left as it is). */
  withRelayedCounts(snapshot: RoomSnapshot): RoomSnapshot {
    if (snapshot.choice && this.relayed?.node === snapshot.node) snapshot.choice.counts = this.relayed.counts;
    return snapshot;
  }

  stop(): void {
    this.tally.stop();
    this.heatmap.stop();
    this.stats.stop();
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

  private publishTally(): void {
    const { logic, state } = this.fold;
    const view = viewOf(logic, state.machine);
    if (view.phase !== 'open' || !view.choice) return;
    const counts = countVotes(state.votes, view.choice.options);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    this.deps.publish(this.id, encodeMessage({ t: MSG.TALLY, node: view.node, counts, total }));
    this.deps.shareTally?.(this.id, { node: view.node, counts, total, version: state.version });
  }

  private publishHeatmap(): void {
    const open = Object.values(this.fold.state.quizzes).filter((q) => q.closedAt === undefined);
    if (open.length > 0) this.deps.publishHosts?.(this.id, encodeMessage({ t: MSG.HEATMAP, quizzes: open.map((q) => quizResults(q)) }));
  }
}
