import type { CommandResult } from '../../engine/index.ts';

/** One viewer's vote as a `votes` input carries it. */
export type QueuedVote = [sub: string, id: string, option: string];

/** What the coalescer needs from the room's owner. */
export interface CoalescingOwner {
  now(): number;
  /** The instant the room's next cue falls due, as its timer is armed (undefined: none). */
  nextCueAt(): number | undefined;
  /** How many of the room's appends are in flight, and a promise that settles with the oldest of them. */
  appendsInFlight(): { count: number; oldest: Promise<unknown> | undefined };
  /**
   * Applies the votes as one input at `t` and appends it: one result per vote,
   * and `durable`, which resolves once that record is durable (rejects when the log failed).
   */
  applyVotes(t: number, votes: QueuedVote[]): { results: CommandResult[]; durable: Promise<void> };
}

interface Waiting {
  vote: QueuedVote;
  resolve: (result: CommandResult) => void;
  reject: (cause: unknown) => void;
}

/** Largest batch in one record: a storm still makes bounded records. */
const MAX_BATCH = 5000;
/** The room's appends in flight at once: the store syncs one batch while the next is written (segment-log.ts). */
export const MAX_APPENDS_IN_FLIGHT = 2;
/** The smallest batch worth a second commit in flight (see behindCommitInFlight). */
const MIN_VOTES_FOR_SECOND_COMMIT = 32;

/**
 * Viewers' votes on the owner, folded into one `votes` record per group
 * commit instead of one record each (issue 18; in every mode, not only in a
 * cluster). A vote waits: while MAX_APPENDS_IN_FLIGHT of the room's appends
 * are in flight, until the oldest settles; while one is, until the event loop
 * has read this turn's frames (setImmediate), so they share the batch that
 * goes out behind it; while none is, until the current microtask ends.
 * Whatever arrived by then is applied as one input, logged as one record, and
 * each vote is answered once that record is durable; a refused vote is
 * answered at once, on its own.
 *
 * Order: the owner applies the waiting votes before any other input (a
 * command, a tick, a presence, another node's batch), so inputs still apply
 * in arrival order. A batch applies at its first vote's time; a vote that
 * arrives after a cue fell due since then starts a new batch, so every vote
 * sees the cues that fired before it arrived, as it would have alone.
 */
export class VoteCoalescer {
  private waiting: Waiting[] = [];
  /** The arrival time of the first waiting vote: the batch's time. */
  private batchAt = 0;
  private flushQueued = false;
  private stopped: Error | undefined;

  constructor(
    private readonly owner: CoalescingOwner,
    private readonly maxBatch = MAX_BATCH,
  ) {}

  /** Queues a vote; resolves with its result once its record is durable (a refusal resolves when its batch applies). */
  add(sub: string, id: string, option: string): Promise<CommandResult> {
    if (this.stopped) return Promise.reject(this.stopped);
    const t = this.owner.now();
    const cue = this.owner.nextCueAt();
    if (this.waiting.length > 0 && cue !== undefined && cue > this.batchAt && cue <= t) this.flush();
    if (this.waiting.length === 0) this.batchAt = t;
    const answer = new Promise<CommandResult>((resolve, reject) => this.waiting.push({ vote: [sub, id, option], resolve, reject }));
    if (this.waiting.length >= this.maxBatch) this.flush();
    else this.scheduleFlush();
    return answer;
  }

  /** Applies the waiting votes now, as one input (the owner calls this before any other input). */
  flush(): void {
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    let applied: ReturnType<CoalescingOwner['applyVotes']>;
    try {
      applied = this.owner.applyVotes(this.batchAt, batch.map((w) => w.vote));
    } catch (cause) {
      for (const w of batch) w.reject(cause);
      return;
    }
    const accepted: Array<[Waiting, CommandResult]> = [];
    batch.forEach((w, i) => {
      const result = applied.results[i] ?? { ok: false, code: 'bad-state', message: 'the room returned no result for this vote' };
      if (result.ok) accepted.push([w, result]);
      else w.resolve(result);
    });
    if (accepted.length === 0) return;
    applied.durable.then(
      () => accepted.forEach(([w, result]) => w.resolve(result)),
      (cause: unknown) => accepted.forEach(([w]) => w.reject(cause)),
    );
  }

  /** Refuses the waiting votes and every later one with `cause` (the room closed or its log failed). */
  stop(cause: Error): void {
    this.stopped = cause;
    const batch = this.waiting;
    this.waiting = [];
    for (const w of batch) w.reject(cause);
  }

  private scheduleFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    const run = (): void => {
      this.flushQueued = false;
      if (!this.stopped) this.flush();
    };
    const { count, oldest } = this.owner.appendsInFlight();
    if (count >= MAX_APPENDS_IN_FLIGHT && oldest) void oldest.then(run, run);
    else if (count > 0) setImmediate(() => this.behindCommitInFlight(run));
    else queueMicrotask(run);
  }

  /**
   * After a turn's frames were read, with a commit in flight: a second commit
   * costs a durable write of its own (about 0.1 ms of CPU on a VM's disk, in
   * the kernel), so it goes now only for a batch of MIN_VOTES_FOR_SECOND_COMMIT
   * or more; a smaller batch waits for the commit in flight and grows meanwhile.
   */
  private behindCommitInFlight(run: () => void): void {
    const { count, oldest } = this.owner.appendsInFlight();
    if (count > 0 && oldest && this.waiting.length < MIN_VOTES_FOR_SECOND_COMMIT) void oldest.then(run, run);
    else run();
  }
}
