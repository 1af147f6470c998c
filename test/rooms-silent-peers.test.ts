/**
 * Peers that hold connections without talking: 1,000 sockets that never send
 * HELLO. Each must be closed with 4006 once the HELLO deadline (5 s) passes,
 * and the server's memory must stay bounded while they are open and come back
 * down after they are gone. The server runs as a child process so that its
 * RSS is its own; the figures this prints are the ones docs/protocol.md
 * ("Hostile peers") reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { machineSummary, mib, readMemory, sampleRss, type MemoryReading } from './support/process-memory.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';

const CONNECTIONS = 1000;
/** Opened this many at a time: uSockets' listen backlog is finite, and loopback SYNs beyond it are retried slowly. */
const BATCH = 100;
const HELLO_DEADLINE_MS = 5000;

let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess();
  console.log(`[hostile-peers] machine: ${machineSummary()}`);
});
afterAll(async () => {
  await server?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function connectionsGauge(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^branchcast_connections (\S+)$/m.exec(text)?.[1]);
}

interface Silent {
  openedAt: number;
  closed: Promise<{ code: number; at: number }>;
}

/** Opens one connection that never sends anything; resolves once it is open. */
function openSilent(url: string): Promise<Silent> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const closed = new Promise<{ code: number; at: number }>((done) => ws.once('close', (code) => done({ code, at: Date.now() })));
    ws.once('open', () => resolve({ openedAt: Date.now(), closed }));
    ws.once('error', reject);
  });
}

/** One round: open CONNECTIONS silent sockets, wait until the server closed them all; memory before, while open, peak, after. */
async function round(): Promise<{ before: MemoryReading; during: MemoryReading; peakRss: number; after: MemoryReading; codes: Map<number, number>; closeMs: number[]; openMs: number }> {
  const url = `${server.url.replace(/^http/, 'ws')}/ws`;
  const before = await readMemory(server.url, server.pid);
  const baseline = await connectionsGauge();
  const sampler = sampleRss(server.pid);
  const started = Date.now();
  const silent: Silent[] = [];
  for (let i = 0; i < CONNECTIONS; i += BATCH) silent.push(...(await Promise.all(Array.from({ length: Math.min(BATCH, CONNECTIONS - i) }, () => openSilent(url)))));
  const openMs = Date.now() - started;
  // Every one is open at once only if opening them all took less than the deadline.
  expect(openMs).toBeLessThan(HELLO_DEADLINE_MS);
  expect(await connectionsGauge()).toBe(baseline + CONNECTIONS);
  const during = await readMemory(server.url, server.pid);
  const closes = await Promise.all(silent.map((s) => s.closed));
  const peakRss = sampler.stop();
  const codes = new Map<number, number>();
  for (const { code } of closes) codes.set(code, (codes.get(code) ?? 0) + 1);
  const closeMs = closes.map(({ at }, i) => at - (silent[i] as Silent).openedAt).sort((a, b) => a - b);
  // The server's close handlers run before the gauge drops; give them a moment, bounded.
  for (let i = 0; i < 50 && (await connectionsGauge()) !== baseline; i++) await sleep(100);
  expect(await connectionsGauge()).toBe(baseline);
  await sleep(1000);
  const after = await readMemory(server.url, server.pid);
  return { before, during, peakRss, after, codes, closeMs, openMs };
}

describe('connections that never say HELLO', () => {
  it(`${CONNECTIONS} silent connections are all closed with 4006 after the deadline, and memory stays bounded`, async () => {
    // Warm-up: the first connections of a process allocate uWS and V8 structures that stay.
    await Promise.all(Array.from({ length: 20 }, () => openSilent(`${server.url.replace(/^http/, 'ws')}/ws`).then((s) => s.closed)));
    const first = await round();
    const second = await round();
    for (const [name, r] of [['first', first], ['second', second]] as const) {
      const q = (p: number): number => r.closeMs[Math.min(r.closeMs.length - 1, Math.floor(p * r.closeMs.length))] as number;
      console.log(
        `[hostile-peers] silent ${name} round: ${CONNECTIONS} connections opened in ${r.openMs} ms; closes ${JSON.stringify(Object.fromEntries(r.codes))}; ` +
          `time to close min ${q(0)} / median ${q(0.5)} / max ${q(1)} ms; RSS before ${mib(r.before.rssBytes)} MiB, while open ${mib(r.during.rssBytes)}, peak ${mib(r.peakRss)}, after ${mib(r.after.rssBytes)}; ` +
          `heap used before ${mib(r.before.heapUsedBytes)} MiB, while open ${mib(r.during.heapUsedBytes)}, after ${mib(r.after.heapUsedBytes)}; ` +
          `per connection: RSS ${Math.round((r.peakRss - r.before.rssBytes) / CONNECTIONS)} B, heap ${Math.round((r.during.heapUsedBytes - r.before.heapUsedBytes) / CONNECTIONS)} B`,
      );
      expect(r.codes).toEqual(new Map([[4006, CONNECTIONS]]));
      // The deadline runs from the server's open handler, a hair before the client sees the 101.
      expect(r.closeMs[0]).toBeGreaterThanOrEqual(HELLO_DEADLINE_MS - 250);
      // Generous: on a loaded 2-core box the timers of 1,000 sockets may run late, but not by seconds.
      expect(r.closeMs.at(-1)).toBeLessThan(HELLO_DEADLINE_MS + 5000);
      // Bounded: 1,000 idle sockets cost well under 64 KiB each, RSS and heap.
      expect(r.peakRss - r.before.rssBytes).toBeLessThan(64 * 1024 * CONNECTIONS);
      expect(r.during.heapUsedBytes - r.before.heapUsedBytes).toBeLessThan(32 * 1024 * CONNECTIONS);
    }
    // Nothing stays behind: a second round ends where the first did (allocator slack allowed).
    expect(second.after.rssBytes - first.after.rssBytes).toBeLessThan(16 * 1024 * 1024);
    expect(second.after.heapUsedBytes - first.after.heapUsedBytes).toBeLessThan(8 * 1024 * 1024);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  }, 60_000);
});
