/** `branchcast serve` as a child process: startup, /healthz, bad flags, graceful SIGTERM. */
import { request } from 'node:http';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const BIG = 256 * 1024 * 1024;
let dir: TempDir;
const started: ServerProcess[] = [];

beforeAll(async () => {
  dir = await makeTempDir('branchcast-life-');
  await writeFile(join(dir.path, 'big.mp4'), '');
  await truncate(join(dir.path, 'big.mp4'), BIG); // sparse: no disk cost
});

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  await dir?.remove();
});

async function start(args: string[] = []): Promise<ServerProcess> {
  const server = await startServerProcess({ args: ['--media', dir.path, ...args] });
  started.push(server);
  return server;
}

describe('branchcast serve', () => {
  it('prints the URL it listens on (port 0 → the real port) and answers /healthz', async () => {
    const server = await start();
    expect(server.output()).toMatch(/branchcast listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(server.port).toBeGreaterThan(0);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toMatchObject({ ok: true, version: expect.any(String), uptimeSeconds: expect.any(Number) });
  });

  it('takes PORT and MEDIA_DIR from the environment', async () => {
    const port = await freePort();
    const server = await startServerProcess({ port: null, env: { PORT: String(port), MEDIA_DIR: dir.path } });
    started.push(server);
    expect(server.port).toBe(port);
    const res = await fetch(`${server.url}/media/big.mp4`, { method: 'HEAD' });
    expect(res.headers.get('content-length')).toBe(String(BIG));
  });

  it('exits 2 with a usage message for bad flags', () => {
    const result = spawnSync(process.execPath, ['bin/branchcast.js', 'serve', '--port', 'eighty'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('invalid port');
  });

  it('exits 1 with a clear message when the port is taken', async () => {
    const server = await start();
    const result = spawnSync(process.execPath, ['bin/branchcast.js', 'serve', '--port', String(server.port), '--data', join(dir.path, 'data')], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot listen');
  });

  it('SIGTERM: stops accepting, finishes the in-flight download, exits 0', async () => {
    const server = await start();
    let received = 0;
    const download = new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/media/big.mp4`, (res) => {
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
        });
        res.on('end', () => resolve(received));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    while (received === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const stopped = server.stop(15_000);
    expect(await download).toBe(BIG);
    expect(await stopped).toEqual({ code: 0, signal: null });
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('SIGINT (Ctrl-C) shuts down gracefully too', async () => {
    const server = await start();
    const exited = new Promise((resolve) => server.child.once('exit', (code, signal) => resolve({ code, signal })));
    server.child.kill('SIGINT');
    expect(await exited).toEqual({ code: 0, signal: null });
  });
});
