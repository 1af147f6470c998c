/** One benchmark figure: the line format every bench script prints and bench/run.ts collects. */
export interface BenchResult {
  scenario: string;
  system: string;
  metric: string;
  value: number;
  unit: string;
  params?: Record<string, unknown>;
}
