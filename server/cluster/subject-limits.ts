import type { CommandResult } from '../../engine/index.ts';
import { TokenBucket } from '../limits/token-bucket.ts';

/** Buckets kept before the idle ones are dropped (a flood of subjects must not grow memory without bound). */
const MAX_BUCKETS = 100_000;

/**
 * The command budget of one subject in one room, across every node (issue
 * 18.6). Each node's socket has its own bucket, so a client with sockets on
 * two nodes would get twice the budget; the room's owner sees every command
 * of the room (its own sockets' and the ones other nodes forward, votes
 * included), so it keeps one bucket per subject as well and refuses what is
 * over it. In memory on the owner, no Redis call per command: a Redis token
 * bucket would cost one more operation per vote (docs/scaling.md). After a
 * failover the new owner starts every bucket full, which a lease time of
 * extra budget once per failover can afford.
 */
export class SubjectLimits {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {}

  /** Takes one token of `sub` in `room`; false when its budget is spent. */
  take(room: string, sub: string): boolean {
    const key = `${room}\n${sub}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
      bucket = new TokenBucket(this.burst, this.perSecond, this.now());
      this.buckets.set(key, bucket);
    }
    return bucket.take(this.now());
  }

  /** The answer to a command over the budget (the same as a socket's own limit gives). */
  get refusal(): CommandResult {
    return { ok: false, code: 'rate-limited', message: `more than ${this.perSecond} commands per second` };
  }
}
