/**
 * Latency histogram with 0.1 ms buckets up to 30 s (plus one overflow
 * bucket). Workers record into it and ship the counts to the parent, which
 * merges them, so percentiles are exact to 0.1 ms across processes.
 */
const BUCKET_MS = 0.1;
const BUCKETS = 300_000;

export class Histogram {
  readonly counts: Uint32Array;
  total = 0;

  constructor(counts?: ArrayLike<number>) {
    this.counts = new Uint32Array(BUCKETS + 1);
    if (counts) this.merge(counts);
  }

  record(ms: number): void {
    const i = ms <= 0 ? 0 : Math.min(BUCKETS, Math.floor(ms / BUCKET_MS));
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.total += 1;
  }

  merge(counts: ArrayLike<number>): void {
    for (let i = 0; i < counts.length && i <= BUCKETS; i += 1) {
      const c = counts[i] ?? 0;
      if (c === 0) continue;
      this.counts[i] = (this.counts[i] ?? 0) + c;
      this.total += c;
    }
  }

  /** The value (ms, bucket midpoint) below which `p` (0–1) of the samples lie; NaN when empty. */
  percentile(p: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.ceil(p * this.total);
    let seen = 0;
    for (let i = 0; i <= BUCKETS; i += 1) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.round((i + 0.5) * BUCKET_MS * 100) / 100;
    }
    return Number.NaN;
  }

  /** Sparse [index, count] pairs: cheap to send over IPC. */
  sparse(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    this.counts.forEach((c, i) => {
      if (c > 0) out.push([i, c]);
    });
    return out;
  }

  static fromSparse(pairs: Array<[number, number]>): Histogram {
    const h = new Histogram();
    for (const [i, c] of pairs) {
      h.counts[i] = (h.counts[i] ?? 0) + c;
      h.total += c;
    }
    return h;
  }
}

/** Wall-clock epoch milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Broadcast events carry their send time inside a seek position, because
 * branchcast's real broadcast path (a host `seek`) has no free-form field:
 * position = (send time mod WINDOW) in seconds. The bench story's node is
 * longer than WINDOW, so the server never clamps it.
 */
export const STAMP_WINDOW_MS = 3_000_000;
export function stampPosition(now = epochMs()): number {
  return (now % STAMP_WINDOW_MS) / 1000;
}
export function stampLatencyMs(position: number, now = epochMs()): number {
  return (((now - position * 1000) % STAMP_WINDOW_MS) + STAMP_WINDOW_MS) % STAMP_WINDOW_MS;
}
