import { TokenBucket } from './token-bucket.ts';

/**
 * Token buckets by key (a subject, or a room and subject), bounded in memory
 * without letting a limit lapse. A full bucket holds nothing a fresh one would
 * not, so when the table reaches its size only full buckets are dropped (one
 * sweep per `maxSize` new keys: amortized O(1)); the budget of every client
 * still spending stays. Only if every bucket is in use (more than `maxSize`
 * clients each within a refill time of their last command) does the table
 * drop its oldest half: bounded memory wins over a flood of fresh subjects.
 * Clearing the whole table, as before, gave every subject a fresh budget.
 */
export class BucketTable {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly maxSize: number,
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token of `key`'s bucket at `now`; false when its budget is spent. */
  take(key: string, now: number): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxSize) this.makeRoom(now);
      bucket = new TokenBucket(this.capacity, this.perSecond, now);
      this.buckets.set(key, bucket);
    }
    return bucket.take(now);
  }

  private makeRoom(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFullAt(now)) this.buckets.delete(key);
    if (this.buckets.size < this.maxSize) return;
    let drop = Math.ceil(this.buckets.size / 2);
    for (const key of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}
