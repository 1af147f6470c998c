import { MetricDefinitionError, formatNumber, sampleLine } from './exposition-format.ts';
import type { MetricFamily } from './metric-family.ts';
import { SeriesMap } from './series-map.ts';

/** Counts observations into fixed buckets, plus their sum and count. */
export interface Histogram {
  /** Records one observation; NaN is ignored (a bad measurement must not poison the sum). */
  observe(value: number): void;
}

/** `count` bucket bounds from `start`, each `factor` times the previous: exponentialBuckets(0.001, 2, 5) → 1, 2, 4, 8, 16 ms. */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start * factor ** i);
}

/** The family and its series of a histogram named `name` with upper bounds `buckets` (+Inf is implied). */
export function histogramFamily(
  name: string,
  help: string,
  labelNames: readonly string[],
  buckets: readonly number[],
): { family: MetricFamily; series: SeriesMap<Histogram & { snapshot(): { counts: number[]; sum: number; count: number } }> } {
  if (buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= (buckets[i - 1] as number)))) {
    throw new MetricDefinitionError(`${name}: buckets must be finite and strictly increasing, got [${buckets.join(', ')}]`);
  }
  const bounds = [...buckets];
  const series = new SeriesMap(name, labelNames, () => {
    // counts[i] holds observations in (bounds[i-1], bounds[i]]; the last slot is (last bound, +Inf).
    const counts = new Array<number>(bounds.length + 1).fill(0);
    let sum = 0;
    let count = 0;
    return {
      observe(value: number) {
        if (Number.isNaN(value)) return;
        let i = 0;
        while (i < bounds.length && value > (bounds[i] as number)) i++;
        counts[i] = (counts[i] as number) + 1;
        sum += value;
        count++;
      },
      snapshot: () => ({ counts: [...counts], sum, count }),
    };
  });
  const bucketLabels = [...labelNames, 'le'];
  const family: MetricFamily = {
    name,
    help,
    type: 'histogram',
    samples() {
      const lines: string[] = [];
      for (const { values, state } of series.entries()) {
        const { counts, sum, count } = state.snapshot();
        let cumulative = 0;
        counts.forEach((n, i) => {
          cumulative += n;
          const le = i < bounds.length ? formatNumber(bounds[i] as number) : '+Inf';
          lines.push(sampleLine(`${name}_bucket`, bucketLabels, [...values, le], cumulative));
        });
        lines.push(sampleLine(`${name}_sum`, labelNames, values, sum));
        lines.push(sampleLine(`${name}_count`, labelNames, values, count));
      }
      return lines;
    },
  };
  return { family, series };
}
