/**
 * Range serving: branchcast vs nginx on the same files, in the same run.
 *   npx tsx bench/ranges.ts [--duration 5] [--connections 32]
 *
 * Scenarios: 1 KB ranges and segment-sized (1–2 MB) ranges at varying
 * offsets of random-content files (page-cached by a warm-up). nginx runs with
 * one worker (a single process, like branchcast) and with `auto` workers.
 * Systems are measured in interleaved rounds and the median round is
 * reported, so a noisy neighbour on the machine skews all systems alike.
 * Prints and writes bench/results/ranges.json: [{scenario, system, metric, value, unit, params}].
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg as osLoadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { freePort } from '../test/support/free-port.ts';
import { startServerProcess } from '../test/support/server-process.ts';
import { makeTempDir } from '../test/support/temp-dir.ts';
import { startNginx } from './nginx-process.ts';
import { processTreeCpuMs } from './process-cpu.ts';
import type { BenchResult } from './bench-result.ts';

/** The subset of autocannon 9's API and result we use (it ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  throughput: { average: number };
  latency: { average: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
  requests: Array<{ method: 'GET'; path: string; headers: Record<string, string> }>;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;


const { values } = parseArgs({ options: { duration: { type: 'string', default: '4' }, connections: { type: 'string', default: '32' }, rounds: { type: 'string', default: '3' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);
const rounds = Math.max(1, Number(values.rounds));

const MiB = 1024 * 1024;
const scenarios = [
  { name: 'range-1KB', file: 'small.m4s', fileSize: 8 * MiB, rangeBytes: 1024 },
  { name: 'range-1.5MB', file: 'segments.m4s', fileSize: 96 * MiB, rangeBytes: 1.5 * MiB },
];

/** 64 different ranges of `rangeBytes` spread over the file; autocannon cycles through them. */
function rangeRequests(path: string, fileSize: number, rangeBytes: number): Array<{ method: 'GET'; path: string; headers: Record<string, string> }> {
  const slots = Math.floor(fileSize / rangeBytes);
  return Array.from({ length: 64 }, (_, i) => {
    const start = ((i * 7919) % slots) * rangeBytes;
    return { method: 'GET' as const, path, headers: { Range: `bytes=${start}-${start + rangeBytes - 1}` } };
  });
}

/** One autocannon run plus the server CPU it cost. */
type Measured = AutocannonResult & { cpuUsPerRequest: number };

/** The run with the median request rate. */
function median(results: Measured[]): Measured {
  const sorted = [...results].sort((a, b) => a.requests.average - b.requests.average);
  const mid = sorted[Math.floor(sorted.length / 2)];
  if (mid === undefined) throw new Error('no runs');
  return mid;
}

function loadavg(): number[] {
  return osLoadavg().map((l) => Math.round(l * 100) / 100);
}

function machine(): Record<string, unknown> {
  // nginx -v prints to stderr.
  const nginx = spawnSync('/usr/sbin/nginx', ['-v'], { encoding: 'utf8' }).stderr.trim();
  return { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memGiB: Math.round(totalmem() / 1024 ** 3), node: process.version, nginx };
}

async function main(): Promise<void> {
  const media = await makeTempDir('branchcast-bench-media-');
  const prefix = await makeTempDir('branchcast-bench-nginx-');
  // mkdtemp makes 0700 dirs; nginx workers run as an unprivileged user.
  await chmod(media.path, 0o755);
  await chmod(prefix.path, 0o755);
  await mkdir(join(media.path, 'bench'), { mode: 0o755 });
  for (const s of scenarios) await writeFile(join(media.path, 'bench', s.file), randomBytes(s.fileSize), { mode: 0o644 });

  const env = machine();
  const branchcast = await startServerProcess({ args: ['--media', media.path] });
  const nginx1 = await startNginx({ mediaDir: media.path, prefix: join(prefix.path, 'one'), port: await freePort(), workers: 1 });
  const nginxAuto = await startNginx({ mediaDir: media.path, prefix: join(prefix.path, 'auto'), port: await freePort(), workers: 'auto' });
  const systems = [
    { name: 'branchcast', url: branchcast.url, pid: branchcast.pid },
    { name: 'nginx-1-worker', url: nginx1.url, pid: nginx1.pid },
    { name: 'nginx-auto-workers', url: nginxAuto.url, pid: nginxAuto.pid },
  ];

  const results: BenchResult[] = [];
  try {
    for (const scenario of scenarios) {
      const requests = rangeRequests(`/media/bench/${scenario.file}`, scenario.fileSize, scenario.rangeBytes);
      const params = { connections, duration, rounds, pipelining: 1, rangeBytes: scenario.rangeBytes, fileBytes: scenario.fileSize, machine: env, loadavgBefore: loadavg() };
      const runs = new Map<string, Measured[]>(systems.map((system) => [system.name, []]));
      for (const system of systems) await autocannon({ url: system.url, connections, duration: 1, requests }); // warm-up: JIT, page cache, fd caches
      for (let round = 0; round < rounds; round += 1) {
        for (const system of systems) {
          const cpuBefore = processTreeCpuMs(system.pid);
          const r = await autocannon({ url: system.url, connections, duration, requests });
          const cpuMs = processTreeCpuMs(system.pid) - cpuBefore;
          if (r.errors > 0 || r.non2xx > 0 || r.timeouts > 0) throw new Error(`${system.name} ${scenario.name}: ${r.errors} errors, ${r.non2xx} non-2xx, ${r.timeouts} timeouts`);
          runs.get(system.name)?.push({ ...r, cpuUsPerRequest: (cpuMs * 1000) / Math.max(1, r.requests.total) });
        }
      }
      const rps: Record<string, number> = {};
      const cpu: Record<string, number> = {};
      for (const system of systems) {
        const r = median(runs.get(system.name) ?? []);
        rps[system.name] = r.requests.average;
        results.push(
          { scenario: scenario.name, system: system.name, metric: 'requests_per_second', value: r.requests.average, unit: 'req/s', params },
          { scenario: scenario.name, system: system.name, metric: 'throughput', value: Math.round((r.throughput.average / MiB) * 10) / 10, unit: 'MiB/s', params },
          { scenario: scenario.name, system: system.name, metric: 'latency_p99', value: r.latency.p99, unit: 'ms', params },
          { scenario: scenario.name, system: system.name, metric: 'server_cpu_per_request', value: Math.round(r.cpuUsPerRequest * 10) / 10, unit: 'µs', params },
        );
        cpu[system.name] = r.cpuUsPerRequest;
      }
      for (const peer of ['nginx-1-worker', 'nginx-auto-workers']) {
        const ratio = (rps.branchcast ?? 0) / (rps[peer] ?? Number.NaN);
        results.push({ scenario: scenario.name, system: `branchcast/${peer}`, metric: 'requests_per_second_ratio', value: Math.round(ratio * 1000) / 1000, unit: 'x', params });
        // Above 1 means branchcast spends more server CPU per request than the peer.
        const cpuRatio = (cpu.branchcast ?? 0) / (cpu[peer] ?? Number.NaN);
        results.push({ scenario: scenario.name, system: `branchcast/${peer}`, metric: 'server_cpu_per_request_ratio', value: Math.round(cpuRatio * 1000) / 1000, unit: 'x', params });
      }
    }
  } finally {
    await branchcast.stop();
    await nginx1.stop();
    await nginxAuto.stop();
    await media.remove();
    await prefix.remove();
  }

  const json = JSON.stringify(results, null, 2);
  process.stdout.write(`${json}\n`);
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(new URL('./results/ranges.json', import.meta.url), `${json}\n`);
}

await main();
