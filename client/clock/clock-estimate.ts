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
 * Clocks tick at slightly different rates, so a bound is only as good as it
 * is fresh: like NTP's dispersion, each sample's interval widens by
 * SKEW_PER_MS of its age (15 ppm, NTP's frequency tolerance PHI). An old
 * lucky sample therefore fades instead of pinning the estimate for ever, and
 * the uncertainty grows while nothing new arrives, which makes the sampler
 * ask again.
 *
 * What no estimator can see is a fixed asymmetry of the path (forward and
 * return base delays that differ): it biases the midpoint by half the
 * difference. What it can see is how far each bound still is from the best
 * possible one: for random jitter, the mean spacing of the best few bounds
 * estimates the distance of the best one from the floor (order statistics:
 * for n uniform draws every spacing expects range/(n+1)). Averaging the
 * first SPACINGS spacings, not just one, keeps a lucky pair of close bounds
 * from reporting a certainty the window does not have.
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
/** How many spacings between the best bounds of a direction are averaged (needs SPACINGS + 1 samples). */
const SPACINGS = 3;
/** How fast a bound loosens with age: 15 ppm, NTP's PHI. */
export const SKEW_PER_MS = 15e-6;

/**
 * The estimate from `samples` (oldest first), as of local time `at` (default:
 * the newest reply). When the bounds contradict each other (the server's clock
 * was stepped, or the clocks drifted apart over the window), only the newest
 * run of samples that agree is used.
 */
export function estimateClock(samples: readonly TimeSample[], at?: number): ClockEstimate | undefined {
  const now = at ?? samples[samples.length - 1]?.c3 ?? 0;
  const lows: Bound[] = [];
  const highs: Bound[] = [];
  let rtt = Infinity;
  let used = 0;
  for (let i = samples.length - 1; i >= 0; i--) {
    const s = samples[i]!;
    if (!(s.c3 >= s.c0) || !(s.s2 >= s.s1)) continue;
    const loosening = SKEW_PER_MS * Math.max(0, now - s.c0);
    const lower = s.s2 - s.c3 - loosening;
    const upper = s.s1 + 1 - s.c0 + loosening;
    // Would empty the interval: this and every older sample belong to another clock.
    if (used > 0 && (lower > highs[0]!.value || upper < lows[0]!.value)) break;
    keepBest(lows, { value: lower, loosening }, (a, b) => b - a);
    keepBest(highs, { value: upper, loosening }, (a, b) => a - b);
    rtt = Math.min(rtt, Math.max(0, s.c3 - s.c0 - (s.s2 - s.s1)));
    used++;
  }
  if (used === 0) return undefined;
  const offset = (lows[0]!.value + highs[0]!.value) / 2;
  // With too few samples for spacings to mean much: the interval's own half-width (a hard bound).
  // Otherwise the spacings, plus how much the best bounds have loosened with age (which shifts
  // every bound alike, so no spacing shows it).
  const spread = used <= SPACINGS
    ? (highs[0]!.value - lows[0]!.value) / 2
    : (meanSpacing(highs) + meanSpacing(lows) + highs[0]!.loosening + lows[0]!.loosening) / 2;
  return { offset, uncertainty: Math.max(RESOLUTION_MS, spread), rtt, used };
}

interface Bound {
  value: number;
  /** How much age has widened it (ms). */
  loosening: number;
}

/** Keeps the SPACINGS + 1 best bounds, best first, by `order` of their values. */
function keepBest(best: Bound[], bound: Bound, order: (a: number, b: number) => number): void {
  if (best.length > SPACINGS && order(bound.value, best[SPACINGS]!.value) >= 0) return;
  best.push(bound);
  best.sort((a, b) => order(a.value, b.value));
  if (best.length > SPACINGS + 1) best.pop();
}

/** The mean gap between consecutive best bounds: how far the best one likely is from the floor. */
function meanSpacing(best: readonly Bound[]): number {
  return Math.abs(best[best.length - 1]!.value - best[0]!.value) / (best.length - 1);
}
