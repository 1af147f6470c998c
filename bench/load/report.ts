/** Result lines, ratios and the CPU/limit bookkeeping the room scenarios share. */
import { readFileSync } from 'node:fs';
import { processTreeCpuMs } from '../process-cpu.ts';
import { ON_REQUEST, type SystemName } from './systems.ts';
import type { BenchResult } from '../bench-result.ts';


/** One JSON line on stdout, the format bench/run.ts collects. */
export function emit(scenario: string, system: string, metric: string, value: number, unit: string, params: Record<string, unknown>): void {
  const rounded = Number.isFinite(value) ? Math.round(value * 1000) / 1000 : -1;
  process.stdout.write(`${JSON.stringify({ scenario, system, metric, value: rounded, unit, params } satisfies BenchResult)}\n`);
}

/** branchcast / each peer, for one metric measured in the same run. */
export function emitRatios(scenario: string, metric: string, values: Partial<Record<SystemName, number>>, params: Record<string, unknown>): void {
  const mine = values.branchcast;
  if (mine === undefined) return;
  for (const peer of ['uws-raw', 'ws', 'socket.io', 'uws-durable'] as const) {
    const theirs = values[peer];
    if (theirs === undefined || !(theirs > 0) || !(mine > 0)) continue; // a ratio of non-positive values means nothing
    emit(scenario, `branchcast/${peer}`, `${metric}_ratio`, mine / theirs, 'x', params);
  }
}

export function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Server CPU over a window, from /proc, as a share of one core. */
export function cpuWindow(pid: number): () => { cpuMs: number; wallMs: number; cores: number } {
  const cpu0 = processTreeCpuMs(pid);
  const t0 = performance.now();
  return () => {
    const cpuMs = processTreeCpuMs(pid) - cpu0;
    const wallMs = performance.now() - t0;
    return { cpuMs, wallMs, cores: cpuMs / wallMs };
  };
}

/** Share of the whole machine's CPU that was busy over a window, from /proc/stat (every process, ours and the neighbours'). */
export function machineWindow(): () => number {
  const read = (): { busy: number; total: number } => {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  };
  const before = read();
  return () => {
    const after = read();
    return (after.busy - before.busy) / Math.max(1, after.total - before.total);
  };
}

/**
 * What limited a cell, read from /proc: the server at (nearly) a full core
 * (it is single-threaded), a load worker at a full core, the whole machine
 * (2 cores shared by server, workers and neighbours), or nothing: the
 * offered rate was delivered. `deliveredShare` is 0 for closed-loop runs (votes).
 */
export function limitedBy(serverCores: number, workerCores: number[], deliveredShare: number, machineBusy: number): string {
  if (serverCores >= 0.85) return 'server-cpu';
  if (Math.max(0, ...workerCores) >= 0.85) return 'client-cpu';
  if (deliveredShare >= 0.95) return 'offered-rate';
  const ours = serverCores + workerCores.reduce((a, b) => a + b, 0);
  if (machineBusy >= 0.9) return ours >= 1.5 ? 'machine-cpu (ours)' : 'machine-cpu (shared with neighbours)';
  return 'latency/backlog';
}

/** The arguments every room scenario takes. */
export const commonOptions = {
  quick: { type: 'boolean', default: false },
  duration: { type: 'string' },
  workers: { type: 'string', default: '2' },
  systems: { type: 'string' },
  rounds: { type: 'string' },
} as const;

/** The systems `--systems` names, in `all`'s order (then ON_REQUEST's); every one of `all` by default. */
export function systemsFrom(list: string | undefined, all: SystemName[]): SystemName[] {
  if (!list) return all;
  const wanted = list.split(',');
  return [...all, ...ON_REQUEST.filter((s) => !all.includes(s))].filter((s) => wanted.includes(s));
}

/** One system's measurement in one round: result lines to emit if this round is the one kept. */
export interface Measurement {
  /** The value rounds are ranked by (the median round is kept). */
  key: number;
  lines: Array<{ metric: string; value: number; unit: string }>;
  params: Record<string, unknown>;
}

/**
 * Runs every system `rounds` times, interleaved (the order reverses every
 * other round, so no system always goes first after a quiet spell), and
 * emits each system's median round. A failed run is reported and skipped.
 * Returns each system's kept key, for ratios.
 */
export async function interleavedRounds(scenario: string, rounds: number, names: SystemName[], run: (name: SystemName) => Promise<Measurement>): Promise<Partial<Record<SystemName, Measurement>>> {
  const runs = new Map<SystemName, Measurement[]>(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      try {
        runs.get(name)?.push(await run(name));
      } catch (error) {
        progress(`${scenario} ${name} failed: ${String(error)}`);
      }
    }
  }
  const kept: Partial<Record<SystemName, Measurement>> = {};
  for (const [name, list] of runs) {
    const sorted = [...list].sort((a, b) => a.key - b.key);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    if (!median) continue;
    kept[name] = median;
    for (const line of median.lines) emit(scenario, name, line.metric, line.value, line.unit, { ...median.params, rounds: list.length });
  }
  return kept;
}
