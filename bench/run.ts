/**
 * `npm run bench [-- --quick]`: runs every benchmark script, each of which
 * measures branchcast against its peers in the same run, and collects their
 * results into bench/results/latest.json (plus a dated copy) and the generated
 * section of bench/RESULTS.md. Hand-written sections of RESULTS.md are kept.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchResult } from './bench-result.ts';
import { barChartSvg, cellLabel, chartFile, CHARTS } from './charts.ts';
import { targetsTable } from './load/targets.ts';


const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const quick = values.quick;

/** Each script and its arguments, full and quick. */
const scripts: Array<{ name: string; file: string; args: string[]; quickArgs: string[] }> = [
  { name: 'stress-analysis', file: 'stress-analysis.ts', args: ['--runs', '7'], quickArgs: ['--runs', '3'] },
  { name: 'store-append', file: 'store-append.ts', args: ['--duration', '5'], quickArgs: ['--duration', '2'] },
  { name: 'ranges', file: 'ranges.ts', args: [], quickArgs: ['--duration', '1.5', '--rounds', '1'] },
  // The compiled server against the same server from source through tsx (issue 14): CPU per 1 KB range and per durable vote, start-up.
  { name: 'compiled-vs-source', file: 'compiled-vs-source.ts', args: ['--rounds', '3', '--duration', '5'], quickArgs: ['--quick'] },
  // The room scenarios: branchcast, uws-raw, ws and socket.io in one run each (bench/README.md).
  { name: 'fanout', file: 'fanout.ts', args: [], quickArgs: ['--quick'] },
  { name: 'votes-ws', file: 'votes-ws.ts', args: [], quickArgs: ['--quick'] },
  { name: 'votes-http', file: 'votes-http.ts', args: [], quickArgs: ['--quick'] },
  { name: 'join-storm', file: 'join-storm.ts', args: [], quickArgs: ['--quick'] },
  { name: 'idle-memory', file: 'idle-memory.ts', args: [], quickArgs: ['--quick'] },
  // Quick: two viewer pages instead of three (each decodes video on the same 2 cores as everything else).
  { name: 'sync', file: 'sync.ts', args: [], quickArgs: ['--quick', '--viewers', '2'] },
  // Cluster scaling: 1, 2 and 3 nodes on one Redis, the embedded server as reference (docs/scaling.md).
  { name: 'cluster', file: 'cluster.ts', args: [], quickArgs: ['--quick'] },
  // The studio's story map in Chromium (issue 16): 241-node stress story against the demo, first render and pan frames.
  { name: 'studio-map', file: 'studio-map.ts', args: ['--runs', '7', '--pan-seconds', '2'], quickArgs: ['--quick'] },
];

const benchDir = fileURLToPath(new URL('./', import.meta.url));

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${benchDir}${file}`, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${file} exited with ${code}`))));
  });
}

/** Accepts JSON lines or one JSON array, keeping only well-formed results. */
function parseResults(text: string): BenchResult[] {
  const trimmed = text.trim();
  const candidates: unknown[] = trimmed.startsWith('[') ? (JSON.parse(trimmed) as unknown[]) : trimmed.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      return [];
    }
  });
  return candidates.filter((r): r is BenchResult => {
    const x = r as Partial<BenchResult>;
    return typeof x?.scenario === 'string' && typeof x.system === 'string' && typeof x.metric === 'string' && typeof x.value === 'number';
  });
}

const loadAtStart = os.loadavg();
const startedAt = Date.now();

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = (l: number[]): string => l.map((x) => x.toFixed(1)).join(' ');
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()} (kernel), Node ${process.version}, host ${os.hostname()}; load average ${load(loadAtStart)} at the start and ${load(os.loadavg())} at the end of the run, which took ${Math.round((Date.now() - startedAt) / 1000)} s`;
}

function table(results: BenchResult[]): string {
  const lines = ['| scenario | cell | system | metric | value | unit | limited by |', '|---|---|---|---|---|---|---|'];
  for (const r of results) {
    const cell = cellLabel(r.params);
    const limit = typeof r.params?.limitedBy === 'string' ? r.params.limitedBy : '';
    lines.push(`| ${r.scenario} | ${cell === 'all' ? '' : cell} | ${r.system} | ${r.metric} | ${r.value} | ${r.unit} | ${limit} |`);
  }
  return lines.join('\n');
}

const all: BenchResult[] = [];
const failures: string[] = [];
for (const script of scripts) {
  if (values.only && values.only !== script.name) continue;
  process.stderr.write(`bench: ${script.name}${quick ? ' (quick)' : ''}\n`);
  const started = Date.now();
  try {
    all.push(...parseResults(await run(script.file, quick ? script.quickArgs : script.args)));
  } catch (error) {
    failures.push(`${script.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The suite has a time budget (15 min full, 3 min quick): say where it goes.
  process.stderr.write(`bench: ${script.name} took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const resultsDir = new URL('./results/', import.meta.url);
await mkdir(resultsDir, { recursive: true });
const json = `${JSON.stringify(all, null, 2)}\n`;
if (values.only) {
  // A partial run must not overwrite the suite's results: it gets a file of its own.
  await writeFile(new URL(`only-${values.only}.json`, resultsDir), json);
  process.stdout.write(json);
  process.stderr.write(`bench: ${all.length} results written to bench/results/only-${values.only}.json (latest.json and RESULTS.md untouched)\n`);
  process.exit(failures.length ? 1 : 0);
}
await writeFile(new URL('latest.json', resultsDir), json);
await writeFile(new URL(`${new Date().toISOString().slice(0, 10)}${quick ? '-quick' : ''}.json`, resultsDir), json);

// Charts, drawn by the bench itself into bench/results/charts/ and linked below.
const chartsDir = new URL('./charts/', resultsDir);
await mkdir(chartsDir, { recursive: true });
const chartLinks: string[] = [];
for (const spec of CHARTS) {
  const svg = barChartSvg(spec, all);
  if (svg === undefined) continue;
  await writeFile(new URL(chartFile(spec), chartsDir), svg);
  chartLinks.push(`![${spec.title}](results/charts/${chartFile(spec)})`);
}

const start = '<!-- bench:generated:start -->';
const end = '<!-- bench:generated:end -->';
const section = [
  start,
  `## Latest \`npm run bench${quick ? ' -- --quick' : ''}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
  '',
  `Machine: ${machine()}. Client and server share these cores (and, on a shared machine, other sessions' work): compare systems by the ratios and by server CPU per message, not by absolute numbers.`,
  '',
  ...(quick ? ['Quick run: small N, so the targets below are checked on the quick cells, not the cells the targets name.', ''] : []),
  '### Targets (issue 7)',
  '',
  targetsTable(all),
  '',
  '### Charts',
  '',
  ...chartLinks.flatMap((link) => [link, '']),
  '### All results',
  '',
  table(all),
  ...(failures.length ? ['', `Failed: ${failures.join('; ')}`] : []),
  end,
].join('\n');
const resultsMd = new URL('./RESULTS.md', import.meta.url);
const current = await readFile(resultsMd, 'utf8').catch(() => '# Benchmark results\n');
const next = current.includes(start) ? current.replace(new RegExp(`${start}[\\s\\S]*${end}`), section) : `${current.trimEnd()}\n\n${section}\n`;
await writeFile(resultsMd, next);
process.stderr.write(`bench: ${all.length} results written to bench/results/latest.json and bench/RESULTS.md${failures.length ? `; ${failures.length} script(s) failed` : ''}\n`);
if (failures.length) process.exitCode = 1;
