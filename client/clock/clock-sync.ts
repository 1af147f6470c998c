/**
 * Server clock estimate from NTP-style samples (docs/protocol.md §7): a burst
 * of 8 samples 50 ms apart at join, then more while the estimate is uncertain
 * and fewer once it is stable (CLOCK.periods). The estimate and its
 * uncertainty come from clock-estimate.ts (interval intersection over the
 * window); the drift corrector sizes its dead band from that uncertainty.
 *
 * Why sample fast while unsure: on a link with J ms of uniform jitter the best
 * of n samples is about J/(n+1) ms off its floor, so a 40 ms-jitter phone link
 * needs a dozen samples for ±3 ms and two dozen for ±1.5 ms. At 100 ms, then
 * 250 ms apart that takes a few seconds instead of a minute; a quiet link is
 * sure after the burst and drops to one sample every 5 s.
 */
import { estimateClock, type ClockEstimate, type TimeSample } from './clock-estimate.ts';

export interface ClockDeps {
  /** The local monotonic clock in ms (performance.now in a browser). */
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  /** Sends TIME {c0}; false when not connected. */
  send: (c0: number) => boolean;
}

export const CLOCK = {
  burst: 8,
  burstGapMs: 50,
  /** Samples kept; older ones and ones older than maxAgeMs are dropped (clock rates drift apart slowly). */
  window: 128,
  maxAgeMs: 120_000,
  /** Re-sampling period by uncertainty: [at or above this many ms of uncertainty, sample every this many ms]. */
  periods: [[3, 100], [1.5, 250], [0.75, 1000], [0, 5000]] as ReadonlyArray<readonly [number, number]>,
  /**
   * Until this many samples, at least every settleGapMs whatever the estimate
   * says. Order statistics cannot see a shift that hits every sample alike:
   * the burst at join queues behind the story and the first frames on a slow
   * link, so its best replies all arrive late and look consistent. A few
   * seconds of samples after the flood fix that.
   */
  settleSamples: 24,
  settleGapMs: 250,
} as const;

export class ClockSync {
  #samples: TimeSample[] = [];
  #estimate: ClockEstimate | undefined;
  #timer: unknown = null;
  #burstLeft = 0;

  constructor(private readonly deps: ClockDeps) {}

  /** Offset such that server time ≈ local time + offset; undefined before the first sample. */
  get offset(): number | undefined { return this.#estimate?.offset; }
  /** Expected error of the offset (ms); undefined before the first sample. */
  get uncertainty(): number | undefined { return this.#estimate?.uncertainty; }
  get ready(): boolean { return this.#estimate !== undefined; }
  /** The best round trip in the window (ms). */
  get rtt(): number | undefined { return this.#estimate?.rtt; }
  /** Samples behind the current estimate. */
  get samples(): number { return this.#estimate?.used ?? 0; }

  /** Server time (epoch ms) now, by the current estimate. */
  serverNow(): number {
    return this.deps.now() + (this.#estimate?.offset ?? 0);
  }

  /** Starts (or restarts, after a reconnect) with a fresh burst; the window is kept. */
  start(): void {
    this.stop();
    this.#burstLeft = CLOCK.burst;
    this.#tick();
  }

  stop(): void {
    this.deps.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Feed every TIME_REPLY here. */
  onReply(c0: number, s1: number, s2: number, c3: number): void {
    this.#samples.push({ c0, s1, s2, c3 });
    const oldest = c3 - CLOCK.maxAgeMs;
    while (this.#samples.length > CLOCK.window || (this.#samples[0] && this.#samples[0].c3 < oldest)) this.#samples.shift();
    this.#estimate = estimateClock(this.#samples, c3);
  }

  /** How long until the next sample: the burst first, then by how sure the estimate is. */
  nextGapMs(): number {
    if (this.#burstLeft > 0) return CLOCK.burstGapMs;
    const u = this.#estimate?.uncertainty ?? Infinity;
    const byUncertainty = CLOCK.periods.find(([atLeast]) => u >= atLeast)?.[1] ?? CLOCK.periods[CLOCK.periods.length - 1]![1];
    return this.#samples.length < CLOCK.settleSamples ? Math.min(byUncertainty, CLOCK.settleGapMs) : byUncertainty;
  }

  #tick(): void {
    this.deps.send(this.deps.now());
    if (this.#burstLeft > 0) this.#burstLeft--;
    this.#timer = this.deps.setTimeout(() => this.#tick(), this.nextGapMs());
  }
}
