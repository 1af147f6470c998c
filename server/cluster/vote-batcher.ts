import type { CommandResult } from '../../engine/index.ts';
import type { ForwardedVote } from './bus-message.ts';

interface PendingVote {
  vote: ForwardedVote;
  resolve: (result: CommandResult) => void;
  reject: (cause: unknown) => void;
}

/** Largest batch in one message: a busy node still sends bounded frames. */
const MAX_BATCH = 5000;

/**
 * A node's votes, merged per room and sent at most every `intervalFor(room)`
 * ms (issue 8: the owner gets a few messages per tick, not one per voter). Per-viewer dedup is the owner's: it folds the batch as vote
 * commands, so a changed vote, or one resent after a reconnect through another
 * node, still counts once. One batch per room is in flight at a time, so a
 * viewer's later vote can never overtake an earlier one.
 */
export class VoteBatcher {
  private readonly pending = new Map<string, PendingVote[]>();
  private readonly busy = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastSent = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly send: (room: string, votes: ForwardedVote[]) => Promise<CommandResult[]>,
    private readonly now: () => number,
    private readonly intervalFor: (room: string) => number = () => 100,
  ) {}

  add(room: string, vote: ForwardedVote): Promise<CommandResult> {
    if (this.stopped) return Promise.reject(new Error('this node is shutting down'));
    return new Promise<CommandResult>((resolve, reject) => {
      const list = this.pending.get(room) ?? [];
      list.push({ vote, resolve, reject });
      this.pending.set(room, list);
      this.schedule(room);
    });
  }

  private schedule(room: string): void {
    if (this.busy.has(room) || this.timers.has(room) || !this.pending.has(room)) return;
    const wait = Math.max(0, (this.lastSent.get(room) ?? -Infinity) + this.intervalFor(room) - this.now());
    const timer = setTimeout(() => {
      this.timers.delete(room);
      void this.flush(room);
    }, wait);
    this.timers.set(room, timer);
  }

  private async flush(room: string): Promise<void> {
    const all = this.pending.get(room) ?? [];
    const batch = all.splice(0, MAX_BATCH);
    if (all.length === 0) this.pending.delete(room);
    if (batch.length === 0) return;
    this.busy.add(room);
    this.lastSent.set(room, this.now());
    try {
      const results = await this.send(room, batch.map((p) => p.vote));
      batch.forEach((p, i) => p.resolve(results[i] ?? { ok: false, code: 'bad-state', message: 'the owner returned no result for this vote' }));
    } catch (cause) {
      for (const p of batch) p.reject(cause);
    } finally {
      this.busy.delete(room);
      this.schedule(room);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const list of this.pending.values()) for (const p of list) p.reject(new Error('this node is shutting down'));
    this.pending.clear();
  }
}
