/**
 * Server clock estimate from NTP-style samples (docs/protocol.md §7): a burst
 * of 8 samples 50 ms apart at join, then one every 5 s into a sliding window.
 * The estimate is the median offset of the lowest-RTT half of the window:
 * queueing only ever adds delay, so low-RTT samples are the least skewed, and
 * the median of those shrugs off one lucky or unlucky outlier.
 */

export interface ClockSample {
  offset: number;
  rtt: number;
}

export interface ClockDeps {
  /** The local monotonic clock in ms (performance.now in a browser). */
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  /** Sends TIME {c0}; false when not connected. */
  send: (c0: number) => boolean;
}

export const CLOCK = { burst: 8, burstGapMs: 50, periodMs: 5000, window: 16 } as const;

/** One sample from TIME/TIME_REPLY: RTT clamped at 0 (s1/s2 are whole ms). */
export function clockSample(c0: number, s1: number, s2: number, c3: number): ClockSample {
  return { rtt: Math.max(0, c3 - c0 - (s2 - s1)), offset: (s1 - c0 + (s2 - c3)) / 2 };
}

/** Median offset of the lowest-RTT half (at least one sample). */
export function estimateOffset(samples: readonly ClockSample[]): number | undefined {
  if (samples.length === 0) return undefined;
  const best = [...samples].sort((a, b) => a.rtt - b.rtt).slice(0, Math.max(1, Math.ceil(samples.length / 2)));
  const offsets = best.map((s) => s.offset).sort((a, b) => a - b);
  const mid = offsets.length >> 1;
  return offsets.length % 2 ? offsets[mid]! : (offsets[mid - 1]! + offsets[mid]!) / 2;
}

export class ClockSync {
  #samples: ClockSample[] = [];
  #offset: number | undefined;
  #timer: unknown = null;
  #burstLeft = 0;

  constructor(private readonly deps: ClockDeps) {}

  /** Offset such that server time ≈ local time + offset; undefined before the first sample. */
  get offset(): number | undefined { return this.#offset; }
  get ready(): boolean { return this.#offset !== undefined; }
  /** The RTT of the best sample in the window (ms). */
  get rtt(): number | undefined { return this.#samples.length ? Math.min(...this.#samples.map((s) => s.rtt)) : undefined; }

  /** Server time (epoch ms) now, by the current estimate. */
  serverNow(): number {
    return this.deps.now() + (this.#offset ?? 0);
  }

  /** Starts (or restarts, after a reconnect) with a fresh burst. */
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
    this.#samples.push(clockSample(c0, s1, s2, c3));
    if (this.#samples.length > CLOCK.window) this.#samples.shift();
    this.#offset = estimateOffset(this.#samples);
  }

  #tick(): void {
    this.deps.send(this.deps.now());
    const gap = this.#burstLeft > 1 ? CLOCK.burstGapMs : CLOCK.periodMs;
    if (this.#burstLeft > 0) this.#burstLeft--;
    this.#timer = this.deps.setTimeout(() => this.#tick(), gap);
  }
}
