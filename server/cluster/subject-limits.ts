import type { CommandResult } from '../../engine/index.ts';
import { BucketTable } from '../limits/bucket-table.ts';

/** Buckets kept before the idle (full) ones are dropped (a flood of subjects must not grow memory without bound). */
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
  private readonly buckets: BucketTable;

  constructor(
    private readonly perSecond: number,
    burst: number,
    private readonly now: () => number,
  ) {
    this.buckets = new BucketTable(burst, perSecond, MAX_BUCKETS);
  }

  /** Takes one token of `sub` in `room`; false when its budget is spent. */
  take(room: string, sub: string): boolean {
    return this.buckets.take(`${room}\n${sub}`, this.now());
  }

  /** The answer to a command over the budget (the same as a socket's own limit gives). */
  get refusal(): CommandResult {
    return { ok: false, code: 'rate-limited', message: `more than ${this.perSecond} commands per second` };
  }
}
