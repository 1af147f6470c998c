import { MetricDefinitionError } from './exposition-format.ts';

/** Label values keyed by label name, exactly the metric's label names. */
export type LabelValues<L extends string> = Readonly<Record<L, string>>;

/**
 * The series of one labelled metric: one state per distinct label-value
 * tuple, created on first use. Hold on to what `get` returns on hot paths.
 */
export class SeriesMap<S> {
  private readonly series = new Map<string, { values: string[]; state: S }>();

  constructor(
    private readonly metric: string,
    private readonly labelNames: readonly string[],
    private readonly create: () => S,
  ) {}

  get(labels: Readonly<Record<string, string>>): S {
    const values = this.values(labels);
    const key = JSON.stringify(values);
    let entry = this.series.get(key);
    if (entry === undefined) {
      entry = { values, state: this.create() };
      this.series.set(key, entry);
    }
    return entry.state;
  }

  /** Drops a series (a closed room's, say) so it stops being exported. */
  delete(labels: Readonly<Record<string, string>>): void {
    this.series.delete(JSON.stringify(this.values(labels)));
  }

  entries(): Iterable<{ values: string[]; state: S }> {
    return this.series.values();
  }

  /** The label values in label-name order; throws for a missing, extra or non-string label. */
  private values(labels: Readonly<Record<string, string>>): string[] {
    const keys = Object.keys(labels);
    if (keys.length !== this.labelNames.length || keys.some((key) => !this.labelNames.includes(key))) {
      throw new MetricDefinitionError(`${this.metric} takes labels [${this.labelNames.join(', ')}], got [${keys.join(', ')}]`);
    }
    return this.labelNames.map((name) => {
      const value = labels[name];
      if (typeof value !== 'string') throw new MetricDefinitionError(`${this.metric}: label ${name} must be a string`);
      return value;
    });
  }
}
