/**
 * The server-clock estimate from TIME samples, with its own uncertainty.
 *
 * Each sample bounds the offset θ (server time = local time + θ) for certain:
 * the request cannot arrive before it left, so s1 ≥ c0 + θ, and the reply
 * cannot arrive before it left, so c3 ≥ s2 − θ. Hence
 *   s2 − c3  ≤  θ  ≤  s1 + 1 − c0
 * (+1 because s1 and s2 are whole milliseconds, rounded down). Intersecting
 * these intervals over a window keeps the smallest forward delay and the
 * smallest return delay seen, even when they came in different samples: that
 * is the clock filter of NTP (min-delay selection) done per direction, as in
 * Cristian's bounded estimate. Jitter only ever adds delay, so every new
 * sample can only tighten the interval; the midpoint is the estimate.
 *
 * What no estimator can see is a fixed asymmetry of the path (forward and
 * return base delays that differ): it biases the midpoint by half the
 * difference. What it can see is how far each bound still is from the best
 * possible one: the gap between the best and the second-best bound is, for
 * random jitter, the expected distance of the best bound from the floor
 * (order statistics). That gap is the reported uncertainty: a few samples on
 * a jittery link leave it large, many samples or a quiet link shrink it.
 */

/** One TIME exchange: c0/c3 in the local clock (ms), s1/s2 in the server's (epoch ms, floored). */
export interface TimeSample {
  c0: number;
  s1: number;
  s2: number;
  c3: number;
}

export interface ClockEstimate {
  /** Server time ≈ local time + offset (ms). */
  offset: number;
  /** Expected error of `offset` (ms), at least the half millisecond the server's clock resolution leaves. */
  uncertainty: number;
  /** The smallest round trip in the window, minus the server's processing time (ms). */
  rtt: number;
  /** Samples the estimate used (the newest consistent run of the window). */
  used: number;
}

/** The server stamps whole milliseconds: no estimate is better than this. */
const RESOLUTION_MS = 0.5;
/** Below this many samples the second-best bounds say little: report the hard bound. */
const FEW_SAMPLES = 4;

/**
 * The estimate from `samples` (oldest first). When the bounds contradict each
 * other (the server's clock was stepped, or the clocks drifted apart over the
 * window), only the newest run of samples that agree is used.
 */
export function estimateClock(samples: readonly TimeSample[]): ClockEstimate | undefined {
  let lo = [-Infinity, -Infinity];
  let hi = [Infinity, Infinity];
  let rtt = Infinity;
  let used = 0;
  for (let i = samples.length - 1; i >= 0; i--) {
    const s = samples[i]!;
    if (!(s.c3 >= s.c0) || !(s.s2 >= s.s1)) continue;
    const lower = s.s2 - s.c3;
    const upper = s.s1 + 1 - s.c0;
    // Would empty the interval: this and every older sample belong to another clock.
    if (lower > hi[0]! || upper < lo[0]!) break;
    lo = insertDescending(lo, lower);
    hi = insertAscending(hi, upper);
    rtt = Math.min(rtt, Math.max(0, s.c3 - s.c0 - (s.s2 - s.s1)));
    used++;
  }
  if (used === 0) return undefined;
  const offset = (lo[0]! + hi[0]!) / 2;
  // The gaps to the second-best bounds; with too few samples for that to mean
  // much, the interval's own half-width (a hard bound) instead.
  const spread = used < FEW_SAMPLES ? (hi[0]! - lo[0]!) / 2 : (hi[1]! - hi[0]! + (lo[0]! - lo[1]!)) / 2;
  return { offset, uncertainty: Math.max(RESOLUTION_MS, spread), rtt, used };
}

/** The two largest values so far, largest first. */
function insertDescending(best: number[], value: number): number[] {
  if (value >= best[0]!) return [value, best[0]!];
  if (value > best[1]!) return [best[0]!, value];
  return best;
}

/** The two smallest values so far, smallest first. */
function insertAscending(best: number[], value: number): number[] {
  if (value <= best[0]!) return [value, best[0]!];
  if (value < best[1]!) return [best[0]!, value];
  return best;
}
