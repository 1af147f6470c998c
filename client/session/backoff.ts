/** Reconnect delays: 1 s doubling to 60 s, with jitter so a restarted server is not hit by every client at once. */
export const BACKOFF = { firstMs: 1000, maxMs: 60_000 } as const;

/**
 * Delay before reconnect attempt `attempt` (0-based): `min(60 s, 1 s × 2^attempt)`
 * scaled by a random factor in [0.5, 1] ("equal jitter": never 0, so a tight
 * loop is impossible, and spread enough to avoid a thundering herd).
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}
