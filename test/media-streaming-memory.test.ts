/**
 * Streaming keeps memory flat: a child server serves ≥ 1 GiB of a sparse
 * 1.5 GiB file (full GET plus parallel ranges, then a client that stops
 * reading and one that aborts mid-stream) while its RSS grows < 50 MB.
 */
import { readFileSync } from 'node:fs';
import { truncate, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const MiB = 1024 * 1024;
const SIZE = 1536 * MiB;
let dir: TempDir;
let server: ServerProcess;

beforeAll(async () => {
  dir = await makeTempDir('branchcast-memory-');
  await writeFile(join(dir.path, 'huge.mp4'), '');
  await truncate(join(dir.path, 'huge.mp4'), SIZE); // sparse: no disk cost
  server = await startServerProcess({ args: ['--media', dir.path] });
});

afterAll(async () => {
  await server?.stop();
  await dir?.remove();
});

/** VmRSS of a process in bytes (Linux). */
function rss(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

/** Downloads and discards; resolves with the byte count. */
function download(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let n = 0;
      res.on('data', (chunk: Buffer) => {
        n += chunk.length;
      });
      res.on('end', () => resolve(n));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('streaming memory', () => {
  it('serves ≥ 1 GiB with RSS growth under 50 MB', { timeout: 60_000 }, async () => {
    const url = `${server.url}/media/huge.mp4`;
    // Warm up code paths and allocator before taking the baseline.
    await download(url, { Range: `bytes=0-${8 * MiB - 1}` });
    await sleep(200);
    const baseline = rss(server.pid);
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rss(server.pid));
    }, 20);

    try {
      const ranges = [0, 1, 2, 3].map((i) => download(url, { Range: `bytes=${i * 256 * MiB}-${i * 256 * MiB + 32 * MiB - 1}` }));
      const [full, ...parts] = await Promise.all([download(url), ...ranges]);
      expect(full).toBe(SIZE);
      expect(parts).toEqual([32 * MiB, 32 * MiB, 32 * MiB, 32 * MiB]);

      // A client that stops reading: the server must wait, not buffer the file.
      const stalled = connect(server.port, '127.0.0.1');
      stalled.write(`GET /media/huge.mp4 HTTP/1.1\r\nHost: x\r\n\r\n`);
      stalled.once('data', () => stalled.pause());
      await sleep(1000);
      stalled.destroy(); // and then vanishes mid-stream
      // One that aborts right after the headers.
      const aborted = connect(server.port, '127.0.0.1');
      aborted.write(`GET /media/huge.mp4 HTTP/1.1\r\nHost: x\r\n\r\n`);
      await new Promise((resolve) => aborted.once('data', resolve));
      aborted.destroy();
      await sleep(200);
    } finally {
      clearInterval(sampler);
    }

    const growth = peak - baseline;
    if (process.env.BRANCHCAST_REPORT_RSS) console.info(`RSS baseline ${(baseline / MiB).toFixed(1)} MB, peak ${(peak / MiB).toFixed(1)} MB, growth ${(growth / MiB).toFixed(1)} MB`);
    expect(growth).toBeLessThan(50 * MiB);
    // The server is still healthy afterwards.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
