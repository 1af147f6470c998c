import { TokenBucket } from '../limits/token-bucket.ts';

/**
 * The HTTP command endpoint's limiter: each token subject gets the WebSocket's
 * budget (`commandsPerSecond`, bursts of twice that). Bounded: a flood of
 * distinct subjects only ever holds the most recent 100k buckets.
 */
export function createCommandLimiter(commandsPerSecond: number, now: () => number): (sub: string) => boolean {
  const buckets = new Map<string, TokenBucket>();
  return (sub) => {
    if (buckets.size > 100_000) buckets.clear();
    let bucket = buckets.get(sub);
    if (!bucket) buckets.set(sub, (bucket = new TokenBucket(2 * commandsPerSecond, commandsPerSecond, now())));
    return bucket.take(now());
  };
}
