import { BucketTable } from '../limits/bucket-table.ts';

/** Buckets kept before the idle (full) ones are dropped. */
const MAX_BUCKETS = 100_000;

/**
 * The HTTP command endpoint's limiter: each token subject gets the WebSocket's
 * budget (`commandsPerSecond`, bursts of twice that). Bounded in memory
 * without a lapse: see BucketTable.
 */
export function createCommandLimiter(commandsPerSecond: number, now: () => number): (sub: string) => boolean {
  const buckets = new BucketTable(2 * commandsPerSecond, commandsPerSecond, MAX_BUCKETS);
  return (sub) => buckets.take(sub, now());
}
