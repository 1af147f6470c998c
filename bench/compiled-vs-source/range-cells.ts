/**
 * Server CPU per 1 KB HTTP Range request, loaded with autocannon the way
 * bench/ranges.ts does it (its range-1KB scenario: an 8 MiB page-cached file
 * of random bytes, 64 different 1 KB ranges cycled by every connection).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { cpuWindow } from '../load/report.ts';

/** The subset of autocannon 9's API and result used here (it ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type RangeRequest = { method: 'GET'; path: string; headers: Record<string, string> };
type Autocannon = (options: { url: string; connections: number; duration: number; requests: RangeRequest[] }) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const FILE_BYTES = 8 * 1024 * 1024;
const RANGE_BYTES = 1024;
const FILE = 'bench/small.m4s';

/** A media root holding the file; pass `--media <path>` to the server, `remove()` at the end. */
export async function rangeMedia(): Promise<TempDir> {
  const media = await makeTempDir('branchcast-bench-cvs-media-');
  await mkdir(join(media.path, 'bench'));
  await writeFile(join(media.path, FILE), randomBytes(FILE_BYTES));
  return media;
}

const requests: RangeRequest[] = Array.from({ length: 64 }, (_, i) => {
  const start = ((i * 7919) % (FILE_BYTES / RANGE_BYTES)) * RANGE_BYTES;
  return { method: 'GET', path: `/media/${FILE}`, headers: { Range: `bytes=${start}-${start + RANGE_BYTES - 1}` } };
});

export interface RangeCell {
  requestsPerSecond: number;
  latencyP99Ms: number;
  cpuUsPerRequest: number;
  /** Share of one core the server used. */
  serverCores: number;
}

/** A warm-up (JIT, page cache, the file cache), then `durationS` of load with the server's CPU read from /proc. */
export async function measureRanges(url: string, pid: number, options: { connections: number; durationS: number; warmupS: number }): Promise<RangeCell> {
  await autocannon({ url, connections: options.connections, duration: options.warmupS, requests });
  const window = cpuWindow(pid);
  const r = await autocannon({ url, connections: options.connections, duration: options.durationS, requests });
  const server = window();
  if (r.errors > 0 || r.non2xx > 0 || r.timeouts > 0) throw new Error(`1 KB ranges: ${r.errors} errors, ${r.non2xx} non-2xx, ${r.timeouts} timeouts`);
  return {
    requestsPerSecond: r.requests.average,
    latencyP99Ms: r.latency.p99,
    cpuUsPerRequest: (server.cpuMs * 1000) / Math.max(1, r.requests.total),
    serverCores: server.cores,
  };
}
