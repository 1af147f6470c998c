/**
 * Server clock estimate from NTP-style samples (docs/protocol.md §7): a burst
 * of 8 samples 50 ms apart at join, then more while the estimate is uncertain
 * and fewer once it is stable (CLOCK.periods). The estimate and its
 * uncertainty come from clock-estimate.ts (interval intersection over the
 * window); the drift corrector sizes its dead band from that uncertainty.
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
  window: 64,
  maxAgeMs: 120_000,
  /** Re-sampling period by uncertainty: [at or above this many ms of uncertainty, sample every this many ms]. */
  periods: [[4, 500], [2, 1000], [1, 2500], [0, 5000]] as ReadonlyArray<readonly [number, number]>,
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
    this.#estimate = estimateClock(this.#samples);
  }

  /** How long until the next sample: the burst first, then by how sure the estimate is. */
  nextGapMs(): number {
    if (this.#burstLeft > 0) return CLOCK.burstGapMs;
    const u = this.#estimate?.uncertainty ?? Infinity;
    for (const [atLeast, every] of CLOCK.periods) if (u >= atLeast) return every;
    return CLOCK.periods[CLOCK.periods.length - 1]![1];
  }

  #tick(): void {
    this.deps.send(this.deps.now());
    if (this.#burstLeft > 0) this.#burstLeft--;
    this.#timer = this.deps.setTimeout(() => this.#tick(), this.nextGapMs());
  }
}
