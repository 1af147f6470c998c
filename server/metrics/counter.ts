import { sampleLine } from './exposition-format.ts';
import type { MetricFamily } from './metric-family.ts';
import { SeriesMap } from './series-map.ts';

/** A value that only goes up (resets only when the process restarts). */
export interface Counter {
  /** Adds `by` (default 1); throws RangeError for a negative or NaN amount. */
  inc(by?: number): void;
  get(): number;
}

/** The family and its series of a counter named `name`. */
export function counterFamily(name: string, help: string, labelNames: readonly string[]): { family: MetricFamily; series: SeriesMap<Counter> } {
  const series = new SeriesMap<Counter>(name, labelNames, () => {
    let value = 0;
    return {
      inc(by = 1) {
        if (!(by >= 0)) throw new RangeError(`${name}: a counter cannot change by ${by}`);
        value += by;
      },
      get: () => value,
    };
  });
  const family: MetricFamily = {
    name,
    help,
    type: 'counter',
    samples: () => [...series.entries()].map(({ values, state }) => sampleLine(name, labelNames, values, state.get())),
  };
  return { family, series };
}
