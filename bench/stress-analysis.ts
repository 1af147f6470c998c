/**
 * Compiles and analyses stories/stress.json and reports the time of each phase.
 *   npx tsx bench/stress-analysis.ts [--runs 5]
 * Prints one JSON line per metric ({scenario, system, metric, value, unit, params}).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { analysePaths, compileStory, validateStory, type Story } from '../engine/index.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Math.max(1, Number(values.runs));
const text = readFileSync(new URL('../stories/stress.json', import.meta.url), 'utf8');
const story = JSON.parse(text) as Story;

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

const samples = { validate: [] as number[], compile: [] as number[], analyse: [] as number[] };
let states = 0;
for (let i = 0; i < runs + 1; i++) {
  const [, v] = time(() => validateStory(text));
  const [, c] = time(() => compileStory(story));
  const [analysis, a] = time(() => analysePaths(story));
  states = analysis.states;
  if (i === 0) continue; // warm-up: JIT and ajv schema compilation
  samples.validate.push(v);
  samples.compile.push(c);
  samples.analyse.push(a);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const params = { nodes: Object.keys(story.nodes).length, states, runs };
for (const [metric, xs] of Object.entries(samples)) {
  console.log(JSON.stringify({ scenario: 'stress-analysis', system: 'branchcast', metric: `${metric}-median`, value: Number(median(xs).toFixed(1)), unit: 'ms', params }));
}
const total = median(samples.validate) + median(samples.compile) + median(samples.analyse);
console.log(JSON.stringify({ scenario: 'stress-analysis', system: 'branchcast', metric: 'total-median', value: Number(total.toFixed(1)), unit: 'ms', params }));
