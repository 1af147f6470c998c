/**
 * Prometheus text exposition format 0.0.4: names, escaping, sample lines.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */

/** The Content-Type of `render()` output. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Thrown at registration for a name or label set Prometheus would reject. */
export class MetricDefinitionError extends Error {
  override name = 'MetricDefinitionError';
}

export function assertMetricName(name: string): void {
  if (!METRIC_NAME.test(name)) throw new MetricDefinitionError(`invalid metric name '${name}'`);
}

/** Label names: the Prometheus charset, no reserved `__` prefix, no duplicates, none of `reserved`. */
export function assertLabelNames(labelNames: readonly string[], reserved: readonly string[] = []): void {
  for (const label of labelNames) {
    if (!LABEL_NAME.test(label) || label.startsWith('__') || reserved.includes(label)) {
      throw new MetricDefinitionError(`invalid label name '${label}'`);
    }
  }
  if (new Set(labelNames).size !== labelNames.length) throw new MetricDefinitionError(`duplicate label names in [${labelNames.join(', ')}]`);
}

/** HELP text: backslash and line feed are escaped. */
export function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Label values: backslash, double quote and line feed are escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A sample value as Prometheus parses it (Go ParseFloat syntax, with +Inf/-Inf/NaN). */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** One sample line: `name{a="x",b="y"} value`, or `name value` without labels. */
export function sampleLine(name: string, labelNames: readonly string[], labelValues: readonly string[], value: number): string {
  if (labelNames.length === 0) return `${name} ${formatNumber(value)}`;
  const labels = labelNames.map((label, i) => `${label}="${escapeLabelValue(labelValues[i] ?? '')}"`).join(',');
  return `${name}{${labels}} ${formatNumber(value)}`;
}
