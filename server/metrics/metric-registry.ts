/**
 * A small Prometheus registry: counters, gauges (set or read by callback) and
 * fixed-bucket histograms, with labels, rendered in text format 0.0.4.
 * Create one per server (no global default registry) and pass it in.
 *
 * @example
 *   const metrics = createMetricRegistry();
 *   const frames = metrics.counter({ name: 'branchcast_ws_messages_in_total', help: 'Frames received.', labelNames: ['type'] });
 *   frames.labels({ type: 'vote' }).inc();
 *   metrics.callbackGauge({ name: 'branchcast_rooms', help: 'Open rooms.', collect: () => rooms.size });
 *   res.writeHeader('Content-Type', PROMETHEUS_CONTENT_TYPE).end(metrics.render());
 */
import { callbackGaugeFamily, gaugeFamily, type Gauge, type GaugeReading } from './gauge.ts';
import { counterFamily, type Counter } from './counter.ts';
import { MetricDefinitionError, assertLabelNames, assertMetricName, escapeHelp } from './exposition-format.ts';
import { histogramFamily, type Histogram } from './histogram.ts';
import type { Labeled, LabeledMetricOptions, MetricFamily, MetricOptions } from './metric-family.ts';
import type { SeriesMap } from './series-map.ts';

export interface HistogramOptions extends MetricOptions {
  /** Upper bounds, strictly increasing; `+Inf` is added. Seconds, by Prometheus convention. */
  buckets: readonly number[];
}

export interface MetricRegistry {
  counter(options: MetricOptions): Counter;
  counter<L extends string>(options: LabeledMetricOptions<L>): Labeled<L, Counter>;
  gauge(options: MetricOptions): Gauge;
  gauge<L extends string>(options: LabeledMetricOptions<L>): Labeled<L, Gauge>;
  /** A gauge whose value is read at render time. */
  callbackGauge(options: MetricOptions & { collect: () => number }): void;
  callbackGauge<L extends string>(options: LabeledMetricOptions<L> & { collect: () => Iterable<GaugeReading<L>> }): void;
  histogram(options: HistogramOptions): Histogram;
  histogram<L extends string>(options: HistogramOptions & { labelNames: readonly L[] }): Labeled<L, Histogram>;
  /** Every metric in registration order, as a text exposition ending in a newline. */
  render(): string;
}

export function createMetricRegistry(): MetricRegistry {
  const families: MetricFamily[] = [];

  /** Validates and records a family; returns its label names. */
  function register(options: MetricOptions & { labelNames?: readonly string[] }, reserved: readonly string[] = []): readonly string[] {
    assertMetricName(options.name);
    const labelNames = options.labelNames ?? [];
    assertLabelNames(labelNames, reserved);
    if (families.some((f) => f.name === options.name)) throw new MetricDefinitionError(`metric ${options.name} is already registered`);
    return labelNames;
  }

  /** The unlabelled handle (the single series, exported from the start) or the labelled one. */
  function handle<M>(options: { labelNames?: readonly string[] }, series: SeriesMap<M>): M | Labeled<string, M> {
    if (options.labelNames === undefined) return series.get({});
    return { labels: (values) => series.get(values), remove: (values) => series.delete(values) };
  }

  // The overloads above give callers precise types; one implementation serves both shapes.
  const registry = {
    counter(options: MetricOptions & { labelNames?: readonly string[] }) {
      const { family, series } = counterFamily(options.name, options.help, register(options));
      families.push(family);
      return handle(options, series);
    },
    gauge(options: MetricOptions & { labelNames?: readonly string[] }) {
      const { family, series } = gaugeFamily(options.name, options.help, register(options));
      families.push(family);
      return handle(options, series);
    },
    callbackGauge(options: MetricOptions & { labelNames?: readonly string[]; collect: () => number | Iterable<GaugeReading<string>> }) {
      families.push(callbackGaugeFamily(options.name, options.help, register(options), options.collect));
    },
    histogram(options: HistogramOptions & { labelNames?: readonly string[] }) {
      const { family, series } = histogramFamily(options.name, options.help, register(options, ['le']), options.buckets);
      families.push(family);
      return handle(options, series);
    },
    render() {
      let text = '';
      for (const family of families) {
        text += `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
        for (const line of family.samples()) text += `${line}\n`;
      }
      return text;
    },
  };
  return registry as MetricRegistry;
}
