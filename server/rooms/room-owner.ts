import {
  encodeLogEntry,
  encodeSnapshot,
  foldInput,
  nextWakeAt,
  type CommandActor,
  type CommandResult,
  type RoomCommand,
  type RoomFold,
  type RoomInput,
  type RoomStep,
} from '../../engine/index.ts';
import { claimCoupon } from './coupon-claim.ts';
import { CueTimer } from './cue-timer.ts';
import { containFor, RoomFailedError, type LiveRoomDeps } from './room-deps.ts';
import type { RoomBroadcaster } from './room-broadcaster.ts';
import { SnapshotCadence } from './snapshot-cadence.ts';
import { VoteCoalescer, type QueuedVote } from './vote-coalescer.ts';

/**
 * The authoritative side of a room: apply → persist → ack. An input applies
 * through the room core in arrival order, is appended in that order
 * (group-committed by the store), and only once it is durable are its
 * command acknowledged and its events handed to the broadcaster, so nobody
 * sees or is promised what a crash could undo. It also owns the cue timer,
 * the snapshot cadence and the coalescing of viewers' votes.
 */
export class RoomOwner {
  /** Settles once every append so far is durable (or failed); never rejects. */
  private durable: Promise<void> = Promise.resolve();
  /** `durable` as it was before the latest append: with two in flight, it settles with the older one. */
  private durableBeforeLatest: Promise<void> = Promise.resolve();
  private appending = 0;
  private failure: RoomFailedError | undefined;
  private stopped = false;
  private readonly cues: CueTimer;
  private readonly snapshots: SnapshotCadence;
  private readonly votes: VoteCoalescer;

  constructor(
    private readonly deps: LiveRoomDeps,
    private readonly fold: RoomFold,
    private readonly broadcaster: RoomBroadcaster,
    /** The log failed: the owner has stopped; the room must stop too. */
    private readonly onFailed: (cause: unknown) => void,
  ) {
    this.cues = new CueTimer(deps.now, () => this.tick(), containFor(deps, this.id));
    this.snapshots = new SnapshotCadence(deps.snapshotEvery ?? 500, deps.snapshotMinIntervalMs ?? 1000);
    this.votes = new VoteCoalescer({
      now: deps.now,
      nextCueAt: () => this.cues.at,
      appendsInFlight: () => ({ count: this.appending, oldest: this.appending > 1 ? this.durableBeforeLatest : this.appending > 0 ? this.durable : undefined }),
      applyVotes: (t, votes) => this.applyVotes(t, votes),
    });
  }

  private get id(): string {
    return this.fold.state.room;
  }

  /** Set once the log failed: every later command is refused with it. */
  get failed(): RoomFailedError | undefined {
    return this.failure;
  }

  /** Applies a command; resolves with its result once it is durable (rejections resolve at once). */
  command(actor: CommandActor, id: string, command: RoomCommand): Promise<CommandResult> {
    if (this.failure) return Promise.reject(this.failure);
    // A closed room answers a vote command by command (a batch would get no per-vote answer from the room core).
    if (command.type === 'vote' && actor.role === 'viewer' && !this.fold.state.closed) return this.votes.add(actor.sub, id, command.option);
    if (command.type === 'claim') {
      const room = { fold: this.fold, coupons: this.deps.coupons, now: this.deps.now() };
      return claimCoupon(room, actor, id, command.hotspot, (claim) => this.applyCommand(actor, id, claim));
    }
    if (command.type === 'comment' && this.deps.filterComment) {
      const filtered = this.deps.filterComment(command.text);
      if (!filtered.ok) return Promise.resolve({ ok: false, code: 'invalid', message: filtered.reason });
      command = { ...command, text: filtered.text };
    }
    return this.applyCommand(actor, id, command);
  }

  /** Another node's vote batch: one logged record (only its accepted votes), every result once that record is durable. */
  voteBatch(votes: QueuedVote[]): Promise<CommandResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    const { results, durable } = this.applyVotes(this.deps.now(), votes);
    return durable.then(() => results);
  }

  /** Logs a connection joining or leaving (analytics); nothing is broadcast. */
  presence(actor: CommandActor, action: 'join' | 'leave'): void {
    if (this.failure || this.stopped) return;
    this.apply({ type: 'presence', t: this.deps.now(), actor, action });
  }

  /** Closes the room for good: logs the close (its `closed` event goes out once durable) and waits for it. */
  async close(): Promise<void> {
    if (!this.fold.state.closed) this.apply({ type: 'close', t: this.deps.now() });
    await this.durable;
  }

  /** Fires the cues due now (the cue timer, and after a recovery or a promotion: those that fell due meanwhile). */
  tick(): void {
    if (this.stopped || this.failure) return;
    this.apply({ type: 'tick', t: this.deps.now() });
  }

  /** Arms the cue timer for the room's next cue. */
  reschedule(): void {
    this.cues.arm(this.stopped ? undefined : nextWakeAt(this.fold.logic.story, this.fold.state));
  }

  /** Settles once everything appended so far is durable (never rejects): what sends and snapshots wait on. */
  ready(): Promise<void> {
    return this.durable;
  }

  /** Applies the votes still waiting, then waits until everything applied is durable. */
  settled(): Promise<void> {
    this.votes.flush();
    return this.durable;
  }

  /** Stops the timer; waiting votes are refused. */
  stop(): void {
    this.stopped = true;
    this.cues.stop();
    this.votes.stop(this.failure ?? new RoomFailedError(`room ${this.id}: the room stopped`));
  }

  private applyVotes(t: number, votes: QueuedVote[]): { results: CommandResult[]; durable: Promise<void> } {
    const step = this.apply({ type: 'votes', t, votes });
    return { results: step.results ?? [], durable: this.durable.then(() => this.throwIfFailed()) };
  }

  private applyCommand(actor: CommandActor, id: string, command: RoomCommand): Promise<CommandResult> {
    const step = this.apply({ type: 'command', t: this.deps.now(), actor, id, command });
    const result = step.result ?? { ok: false, code: 'bad-state', message: 'no result' };
    if (!result.ok) return Promise.resolve(result);
    return this.durable.then(() => {
      this.throwIfFailed();
      return result;
    });
  }

  private apply(input: RoomInput): RoomStep {
    // Votes that arrived before this input apply before it (a no-op when this is their own batch).
    this.votes.flush();
    const { state } = this.fold;
    const before = { version: state.version, fired: state.fired.length };
    const step = foldInput(this.fold, input);
    // A vote batch logs only its accepted votes: replaying it then refuses none.
    const kept: RoomInput = input.type === 'votes' ? { ...input, votes: input.votes.filter((_, i) => step.results?.[i]?.ok === true) } : input;
    // A vote choice it closed is logged with its decision: followers fold without votes (FoldOptions.skipVotes).
    const logged: RoomInput = step.decided ? { ...kept, decided: step.decided } : kept;
    const accepted = logged.type === 'command' ? step.result?.ok === true : logged.type === 'votes' ? logged.votes.length > 0 : true;
    // Every input first fires the cues due at its time. A refused one, or a tick whose cue emits
    // nothing (a decided choice's close), may have fired some: log a tick at its time for them, so the
    // room stays the fold of its log (followers, recovery and state hashes rely on that).
    const firedCues = state.version !== before.version || state.fired.length !== before.fired;
    if (accepted && (input.type !== 'tick' || firedCues)) this.persist(logged, step);
    else if (firedCues) this.persist({ type: 'tick', t: input.t, ...(step.decided ? { decided: step.decided } : {}) }, step);
    this.broadcaster.requestLiveFrames(input, step);
    this.reschedule();
    return step;
  }

  private persist(input: RoomInput, step: RoomStep): void {
    const started = this.deps.now();
    // Captured now: the snapshot must be the state exactly at this record.
    const snapshot = this.snapshots.next(started) ? encodeSnapshot({ story: this.fold.logic.story, state: this.fold.state }) : undefined;
    const appended = this.deps.store.append(this.id, [encodeLogEntry({ k: 'input', input })]);
    const version = this.fold.state.version;
    this.appending += 1;
    this.durableBeforeLatest = this.durable;
    this.durable = this.durable
      .then(() => appended)
      .then(([seq]) => {
        this.deps.onAppend?.(this.deps.now() - started);
        this.broadcaster.durable(step.events, version);
        if (snapshot) this.writeSnapshot(seq, snapshot);
      })
      .catch((cause: unknown) => this.fail(cause))
      .finally(() => (this.appending -= 1));
  }

  private writeSnapshot(seq: number | undefined, data: Uint8Array): void {
    if (seq === undefined) return this.snapshots.written();
    this.deps.store
      .writeSnapshot(this.id, { seq, data })
      .catch((cause: unknown) => this.deps.log.warn({ seq, err: cause }, 'snapshot failed (the log still has everything)'))
      .finally(() => this.snapshots.written());
  }

  private fail(cause: unknown): void {
    if (this.failure) return;
    this.failure = new RoomFailedError(`room ${this.id}: log append failed`, { cause });
    this.deps.log.error({ err: cause }, 'room log append failed; the room stops');
    this.stop();
    this.onFailed(cause);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
