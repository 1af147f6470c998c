/**
 * Seeds, case counts and their report, shared by the fuzz suites.
 *
 * - FUZZ_SEED=<int> replays a run (every suite prints the seed it used);
 *   without it each run draws a fresh seed.
 * - FUZZ_SCALE=<number> multiplies every suite's case count (default 1, the
 *   CI size; the soak runner test/fuzz/run.ts raises it).
 *
 * A failing property names the seed, and fast-check's own report adds the
 * counterexample and its `path`, so the failure can be replayed exactly.
 */
import type fc from 'fast-check';

/** The seed of this run: FUZZ_SEED, or a fresh one. Printed by every suite. */
export function fuzzSeed(): number {
  const given = process.env.FUZZ_SEED;
  if (given !== undefined && given.trim() !== '') {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${JSON.stringify(given)}`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}

/** FUZZ_SCALE as a positive factor (default 1). */
export function fuzzScale(): number {
  const given = process.env.FUZZ_SCALE;
  if (given === undefined || given.trim() === '') return 1;
  const scale = Number(given);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`FUZZ_SCALE must be a positive number, got ${JSON.stringify(given)}`);
  return scale;
}

/** `base` runs scaled by FUZZ_SCALE, at least 1. */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * fuzzScale()));
}

/**
 * Counts the cases of one suite and prints them with the seed: the line
 * `fuzz <suite>: <n> cases, seed=<seed>` that CI logs and the soak runner reads.
 */
export class FuzzTally {
  private cases = 0;
  private readonly started = Date.now();

  constructor(
    readonly suite: string,
    readonly seed: number,
  ) {
    process.stdout.write(`fuzz ${suite}: seed=${seed} (replay: FUZZ_SEED=${seed} npx vitest run test/fuzz/${suite}.fuzz.test.ts)\n`);
  }

  add(n = 1): void {
    this.cases += n;
  }

  get count(): number {
    return this.cases;
  }

  /**
   * Options for one fc.assert: a seed derived from the run's seed and the
   * property's name (so properties do not draw the same values, and one can
   * be replayed alone with `-t`), and `numRuns`.
   */
  params<T>(property: string, numRuns: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
    return { seed: deriveSeed(this.seed, property), numRuns, ...extra };
  }

  report(): void {
    process.stdout.write(`fuzz ${this.suite}: ${this.cases} cases, seed=${this.seed}, ${((Date.now() - this.started) / 1000).toFixed(1)} s\n`);
  }
}

/** FNV-1a of the name, mixed into the run's seed: stable across runs and platforms. */
export function deriveSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return (seed ^ hash) | 0;
}
