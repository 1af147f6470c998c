/**
 * The systems under test, each started fresh as its own process: the real
 * branchcast server (real story room, real protocol) and the three peers.
 * All listen on loopback only.
 */
import { pack, unpack } from 'msgpackr';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminKeyFrom, api, createRoom, postStory } from '../../test/support/rooms-api.ts';
import { startServerProcess } from '../../test/support/server-process.ts';
import { startPeer, type PeerName } from '../peers/peer-process.ts';
import { benchStory, BENCH_STORY_ID } from './bench-story.ts';
import { openSocket, type ClientSocket, type Transport } from './client-socket.ts';

export type SystemName = 'branchcast' | 'uws-raw' | 'ws' | 'socket.io' | 'uws-durable';
export const SYSTEMS: SystemName[] = ['branchcast', 'uws-raw', 'ws', 'socket.io'];
export const PEERS: SystemName[] = ['uws-raw', 'ws', 'socket.io'];
/**
 * Systems a script runs only when `--systems` names them: `uws-durable` is
 * uws-raw answering only after a group-committed O_DSYNC append (what
 * durability alone costs on this machine), a diagnostic, not a peer target.
 */
export const ON_REQUEST: SystemName[] = ['uws-durable'];

export interface BenchRoom {
  id: string;
  hostToken: string;
}

export interface BenchSystem {
  name: SystemName;
  url: string;
  /** The server process: its CPU and RSS (with direct children) are what we measure. */
  pid: number;
  transport: Transport;
  /** A fresh room; `voteOpen` waits until its vote accepts votes. */
  newRoom(options?: { voteOpen?: boolean }): Promise<BenchRoom>;
  stop(): Promise<void>;
}

/** Environment for the branchcast server: rate limits raised so the bench measures the server, not its limiter. */
export const BRANCHCAST_BENCH_ENV = { COMMANDS_PER_SECOND: '1000000' };

export interface StartOptions {
  /** Modules every system's server process preloads (`NODE_OPTIONS=--import`), the same for all systems. */
  preload?: string[];
  /** branchcast only: how node starts its CLI (default: the compiled bin/branchcast.js; see ServerProcessOptions.entry). */
  entry?: string[];
  /** branchcast only: extra `serve` arguments, e.g. ['--media', dir]. */
  serveArgs?: string[];
}

const importFlags = (modules: readonly string[]): string => modules.map((m) => `--import ${m}`).join(' ');

export async function startSystem(name: SystemName, options: StartOptions = {}): Promise<BenchSystem> {
  const preload = options.preload ?? [];
  if (name === 'branchcast') return startBranchcast(preload, options);
  const logDir = name === 'uws-durable' ? mkdtempSync(join(tmpdir(), 'branchcast-uws-durable-')) : undefined;
  const peerName: PeerName = name === 'socket.io' ? 'socket-io' : name === 'uws-durable' ? 'uws-raw' : name;
  const peer = await startPeer(peerName, undefined, preload.length > 0 ? { NODE_OPTIONS: importFlags(preload) } : {}, logDir ? ['--durable', join(logDir, 'votes.log')] : []);
  let rooms = 0;
  return {
    name,
    url: peer.url,
    pid: peer.pid,
    transport: name === 'socket.io' ? 'socket.io' : 'ws',
    newRoom: () => Promise.resolve({ id: `r${(rooms += 1)}`, hostToken: `r${rooms}~host` }),
    async stop() {
      await peer.stop();
      if (logDir) rmSync(logDir, { recursive: true, force: true });
    },
  };
}

async function startBranchcast(preload: readonly string[], options: StartOptions = {}): Promise<BenchSystem> {
  // BENCH_CPU_PROF_DIR=dir: the server writes a V8 CPU profile there when it stops (see bench/README.md).
  const profDir = process.env.BENCH_CPU_PROF_DIR;
  const modules = [...(profDir ? [fileURLToPath(new URL('./cpu-profile-preload.mjs', import.meta.url))] : []), ...preload];
  // BENCH_BRANCHCAST_ENTRY=path: run another compiled build (e.g. a copy of dist/ from an earlier commit) for paired A/B runs.
  const entry = options.entry ?? (process.env.BENCH_BRANCHCAST_ENTRY ? [process.env.BENCH_BRANCHCAST_ENTRY] : undefined);
  const server = await startServerProcess({
    env: { ...BRANCHCAST_BENCH_ENV, ...(modules.length > 0 ? { NODE_OPTIONS: importFlags(modules) } : {}) },
    ...(entry && { entry }),
    ...(options.serveArgs && { args: options.serveArgs }),
  });
  const key = adminKeyFrom(server.output());
  await postStory(server.url, key, benchStory);
  return {
    name: 'branchcast',
    url: server.url,
    pid: server.pid,
    transport: 'ws',
    async newRoom(options = {}) {
      const room = await createRoom(server.url, key, BENCH_STORY_ID);
      if (options.voteOpen) {
        const host = await HostConnection.open(server.url, room.hostToken, 'ws');
        await host.command({ type: 'play' });
        host.close();
        const deadline = Date.now() + 10_000;
        for (;;) {
          const r = await api(server.url, 'GET', `/api/rooms/${room.id}`, { key });
          if ((r.body as { phase?: string }).phase === 'open') break;
          if (Date.now() > deadline) throw new Error(`branchcast room ${room.id}: the vote did not open: ${JSON.stringify(r.body)}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      return { id: room.id, hostToken: room.hostToken };
    },
    stop: async () => {
      await server.stop();
    },
  };
}

/** Gets `n` viewer tokens over HTTP, `concurrency` requests at a time. */
export async function viewerTokens(system: BenchSystem, room: string, n: number, concurrency = 16): Promise<{ tokens: string[]; failures: number; ms: number }> {
  const started = Date.now();
  const tokens: string[] = [];
  let failures = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      next += 1;
      const r = await api(system.url, 'POST', `/api/rooms/${room}/viewers`).catch(() => ({ status: 0, body: undefined }));
      if (r.status === 201) tokens.push((r.body as { token: string }).token);
      else failures += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return { tokens, failures, ms: Date.now() - started };
}

/** The host (or, for peers, any member) sending commands from the coordinator process. */
export class HostConnection {
  private nextId = 0;
  private readonly waiting = new Map<string, (frame: { t: number; code?: string }) => void>();
  acks = 0;
  errors = 0;
  lastError = '';

  private constructor(private socket: ClientSocket | undefined) {}

  static open(url: string, token: string, transport: Transport): Promise<HostConnection> {
    return new Promise((resolve, reject) => {
      const host = new HostConnection(undefined);
      const timer = setTimeout(() => reject(new Error('host: no WELCOME within 10 s')), 10_000);
      host.socket = openSocket(url, token, transport, {
        onFrame: (data) => {
          const frame = unpack(data) as { t: number; id?: string; code?: string; message?: string };
          if (frame.t === 100) {
            clearTimeout(timer);
            resolve(host);
          } else if (frame.t === 103 || frame.t === 104) {
            if (frame.t === 103) host.acks += 1;
            else {
              host.errors += 1;
              host.lastError = `${frame.code}: ${frame.message}`;
            }
            if (frame.id !== undefined) host.waiting.get(frame.id)?.(frame);
            if (frame.id !== undefined) host.waiting.delete(frame.id);
          }
        },
        onClose: (reason) => {
          clearTimeout(timer);
          reject(new Error(`host connection closed: ${reason}`));
        },
      });
    });
  }

  /** Sends without waiting for the answer. */
  send(cmd: Record<string, unknown>): void {
    this.socket?.send(pack({ t: 3, id: `h${(this.nextId += 1)}`, cmd }));
  }

  /** Sends and waits for the ACK; rejects on ERROR. */
  command(cmd: Record<string, unknown>, timeoutMs = 10_000): Promise<void> {
    const id = `h${(this.nextId += 1)}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`host: no answer to ${String(cmd.type)} within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(id, (frame) => {
        clearTimeout(timer);
        if (frame.t === 103) resolve();
        else reject(new Error(`host: ${String(cmd.type)} refused: ${frame.code}`));
      });
      this.socket?.send(pack({ t: 3, id, cmd }));
    });
  }

  close(): void {
    this.socket?.close();
  }
}
