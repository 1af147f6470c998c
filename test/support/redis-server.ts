/**
 * A real `redis-server` for a test, on a free loopback port, with persistence
 * off (tests only need a live process). Stopped by PID in stop().
 *
 * When CI exported BRANCHCAST_TEST_REDIS_URL (.ci/run starts one shared
 * server), `testRedis()` reuses it and hands out a fresh key prefix instead;
 * tests that must kill or own their Redis call `startRedisServer()`.
 *
 * @example
 *   const redis = await testRedis();
 *   afterAll(() => redis.stop());
 *   createRedisRoomStore({ url: redis.url, prefix: redis.prefix });
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { Redis } from 'ioredis';
import { freePort } from './free-port.ts';

export interface RedisServer {
  url: string;
  port: number;
  /** undefined when the server is shared (not ours to kill). */
  pid: number | undefined;
  /** A key prefix no other test uses, e.g. `t-3f9a…:`. */
  prefix: string;
  /** Kills our redis-server (SIGKILL is fine: nothing is persisted); a no-op for the shared one. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const freshPrefix = (): string => `t-${randomBytes(6).toString('hex')}:`;

/** Answers once `redis-server` on `port` replies to PING. */
async function waitForPing(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      const timer = setTimeout(() => { socket.destroy(); resolve(false); }, 500);
      socket.once('error', () => { clearTimeout(timer); resolve(false); });
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => { clearTimeout(timer); socket.destroy(); resolve(data.toString().startsWith('+PONG')); });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING in time`);
}

/**
 * Starts a private redis-server (extra arguments, e.g. ['--appendonly', 'yes', '--dir', d]);
 * `port` brings one back where a stopped one was, for clients that reconnect.
 */
export async function startRedisServer(extraArgs: string[] = [], port?: number): Promise<RedisServer> {
  port ??= await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => { running.delete(child); resolve(); }));
  try {
    await Promise.race([waitForPing(port, Date.now() + 10_000), exited.then(() => { throw new Error(`redis-server exited:\n${output}`); })]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    prefix: freshPrefix(),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The shared CI Redis with a fresh prefix, or a private one when none is shared. */
export async function testRedis(): Promise<RedisServer> {
  const shared = process.env.BRANCHCAST_TEST_REDIS_URL;
  if (!shared) return startRedisServer();
  const port = Number(new URL(shared).port);
  await waitForPing(port, Date.now() + 5_000);
  return { url: shared, port, pid: undefined, prefix: freshPrefix(), stop: async () => undefined };
}

/** Deletes every key under `prefix` (a test's own namespace on a possibly shared server). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (found.length > 0) await redis.del(...found);
    cursor = next;
  } while (cursor !== '0');
}

/**
 * Connections a test opens to one server, each as another node would have
 * its own; `closeAll()` deletes the test's keys (its prefix) and quits them.
 */
export function redisConnections(server: () => RedisServer): { connect(): Redis; closeAll(): Promise<void> } {
  const open: Redis[] = [];
  const connect = (): Redis => {
    const redis = new Redis(server().url, { maxRetriesPerRequest: 1 });
    open.push(redis);
    return redis;
  };
  return {
    connect,
    async closeAll() {
      await deleteKeysWithPrefix(open[0] ?? connect(), server().prefix);
      await Promise.all(open.map((c) => c.quit()));
    },
  };
}
