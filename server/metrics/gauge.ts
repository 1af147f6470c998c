import { sampleLine } from './exposition-format.ts';
import type { MetricFamily } from './metric-family.ts';
import { SeriesMap, type LabelValues } from './series-map.ts';

/** A value that goes up and down. */
export interface Gauge {
  set(value: number): void;
  inc(by?: number): void;
  dec(by?: number): void;
  get(): number;
}

/** One labelled reading of a callback gauge. */
export interface GaugeReading<L extends string> {
  labels: LabelValues<L>;
  value: number;
}

/** The family and its series of a gauge named `name`. */
export function gaugeFamily(name: string, help: string, labelNames: readonly string[]): { family: MetricFamily; series: SeriesMap<Gauge> } {
  const series = new SeriesMap<Gauge>(name, labelNames, () => {
    let value = 0;
    return {
      set: (v) => void (value = v),
      inc: (by = 1) => void (value += by),
      dec: (by = 1) => void (value -= by),
      get: () => value,
    };
  });
  const family: MetricFamily = {
    name,
    help,
    type: 'gauge',
    samples: () => [...series.entries()].map(({ values, state }) => sampleLine(name, labelNames, values, state.get())),
  };
  return { family, series };
}

/**
 * A gauge read at render time (rooms open, queue depth): no bookkeeping to
 * drift. A throwing callback exports no samples that time rather than failing
 * the whole scrape.
 */
export function callbackGaugeFamily(
  name: string,
  help: string,
  labelNames: readonly string[],
  collect: () => number | Iterable<GaugeReading<string>>,
): MetricFamily {
  return {
    name,
    help,
    type: 'gauge',
    samples() {
      try {
        const result = collect();
        if (typeof result === 'number') return [sampleLine(name, [], [], result)];
        // A scratch SeriesMap validates each reading's labels and orders the values.
        const check = new SeriesMap<number>(name, labelNames, () => 0);
        return [...result].map(({ labels, value }) => {
          check.get(labels);
          return sampleLine(name, labelNames, labelNames.map((label) => labels[label] as string), value);
        });
      } catch {
        return [];
      }
    },
  };
}
