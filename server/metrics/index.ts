/** A dependency-free Prometheus registry (text format 0.0.4) and a linter for its output. */
export { createMetricRegistry, type MetricRegistry, type HistogramOptions } from './metric-registry.ts';
export type { Counter } from './counter.ts';
export type { Gauge, GaugeReading } from './gauge.ts';
export { exponentialBuckets, type Histogram } from './histogram.ts';
export type { Labeled, MetricOptions, LabeledMetricOptions } from './metric-family.ts';
export type { LabelValues } from './series-map.ts';
export { PROMETHEUS_CONTENT_TYPE, MetricDefinitionError } from './exposition-format.ts';
export { lintExposition } from './lint-exposition.ts';
