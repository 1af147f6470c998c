/** The room socket's upgrade checks Origin against the CORS allowlist, before any room work. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { resolveServerConfig } from '../server/config.ts';
import { createServer, type BranchcastServer } from '../server/server.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

let dir: TempDir;
let dev: BranchcastServer;
let prod: BranchcastServer;
let devPort: number;
let prodPort: number;

beforeAll(async () => {
  dir = await makeTempDir('branchcast-ws-origin-');
  // Loopback-bound: loopback origins allowed by default.
  dev = createServer(resolveServerConfig({ port: '0', data: `${dir.path}/dev` }, {}, dir.path), { log: () => undefined });
  devPort = (await dev.listen()).port;
  // Bound to all interfaces (reached via loopback here): only the configured origin and same-origin pages.
  prod = createServer(resolveServerConfig({ port: '0', host: '0.0.0.0', data: `${dir.path}/prod`, 'allow-origin': ['https://app.example'], 'admin-key': 'ws-origin-test-operator-key-0123' }, {}, dir.path), { log: () => undefined });
  prodPort = (await prod.listen()).port;
});
afterAll(async () => {
  await dev?.close();
  await prod?.close();
  await dir?.remove();
});

/** The upgrade's outcome: 101 (opened) or the HTTP status it was refused with. */
function upgrade(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (error) => {
      if (!/Unexpected server response/.test(String(error))) reject(error);
    });
  });
}

describe('Origin on the WebSocket upgrade', () => {
  it('refuses a browser page from another origin with 403 and counts it', async () => {
    expect(await upgrade(devPort, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgrade(devPort, { Origin: 'null' })).toBe(403);
    expect(await upgrade(prodPort, { Origin: `http://localhost:${prodPort}` })).toBe(403);
    const metrics = await (await fetch(`http://127.0.0.1:${devPort}/metrics`)).text();
    expect(metrics).toMatch(/^branchcast_ws_upgrades_refused_total\{reason="origin"\} 2$/m);
  });

  it('allows the same origin, configured origins, loopback origins on a loopback server, and clients without Origin', async () => {
    expect(await upgrade(devPort, {})).toBe(101);
    expect(await upgrade(devPort, { Origin: `http://localhost:${devPort}` })).toBe(101);
    expect(await upgrade(devPort, { Origin: 'http://127.0.0.1:5173' })).toBe(101);
    expect(await upgrade(prodPort, { Origin: 'https://app.example' })).toBe(101);
    expect(await upgrade(prodPort, { Origin: `http://player.example:${prodPort}`, Host: `player.example:${prodPort}` })).toBe(101);
    expect(await upgrade(prodPort, {})).toBe(101);
  });
});
