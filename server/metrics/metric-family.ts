import type { LabelValues } from './series-map.ts';

/** What the registry renders: HELP and TYPE, then `samples()` lines. */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  samples(): string[];
}

/** A labelled metric: pick a series by its label values (hold it on hot paths). */
export interface Labeled<L extends string, M> {
  labels(values: LabelValues<L>): M;
  /** Stop exporting one series (a closed room's, say). */
  remove(values: LabelValues<L>): void;
}

export interface MetricOptions {
  /** e.g. `branchcast_ws_connections` (counters conventionally end in `_total`). */
  name: string;
  help: string;
}

export interface LabeledMetricOptions<L extends string> extends MetricOptions {
  labelNames: readonly L[];
}
