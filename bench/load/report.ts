/** Result lines, ratios and the CPU/limit bookkeeping the room scenarios share. */
import { cpus } from 'node:os';
import { processTreeCpuMs } from '../process-cpu.ts';
import type { SystemName } from './systems.ts';

export interface BenchResult {
  scenario: string;
  system: string;
  metric: string;
  value: number;
  unit: string;
  params: Record<string, unknown>;
}

/** One JSON line on stdout, the format bench/run.ts collects. */
export function emit(scenario: string, system: string, metric: string, value: number, unit: string, params: Record<string, unknown>): void {
  const rounded = Number.isFinite(value) ? Math.round(value * 1000) / 1000 : -1;
  process.stdout.write(`${JSON.stringify({ scenario, system, metric, value: rounded, unit, params } satisfies BenchResult)}\n`);
}

/** branchcast / each peer, for one metric measured in the same run. */
export function emitRatios(scenario: string, metric: string, values: Partial<Record<SystemName, number>>, params: Record<string, unknown>): void {
  const mine = values.branchcast;
  if (mine === undefined) return;
  for (const peer of ['uws-raw', 'ws', 'socket.io'] as const) {
    const theirs = values[peer];
    if (theirs === undefined || theirs === 0) continue;
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

/**
 * What limited a cell, read from /proc: the server at (nearly) a full core
 * (it is single-threaded), a load worker at a full core, the whole machine
 * (2 cores shared by server, workers and neighbours), or nothing: the
 * offered rate was delivered.
 */
export function limitedBy(serverCores: number, workerCores: number[], deliveredShare: number): string {
  if (serverCores >= 0.85) return 'server-cpu';
  if (Math.max(0, ...workerCores) >= 0.85) return 'client-cpu';
  const total = serverCores + workerCores.reduce((a, b) => a + b, 0);
  if (deliveredShare >= 0.95) return 'offered-rate';
  if (total >= cpus().length * 0.8) return 'machine-cpu';
  return 'latency/backlog';
}

/** The arguments every room scenario takes. */
export const commonOptions = {
  quick: { type: 'boolean', default: false },
  duration: { type: 'string' },
  workers: { type: 'string', default: '2' },
  systems: { type: 'string' },
} as const;

export function systemsFrom(list: string | undefined, all: SystemName[]): SystemName[] {
  if (!list) return all;
  const wanted = list.split(',');
  return all.filter((s) => wanted.includes(s));
}
