/**
 * A branchcast cluster for a test or a bench: a private `redis-server` and N
 * `branchcast serve --redis` nodes on loopback, each a real process. Nodes
 * share the Redis, a key prefix and the operator key; each has its own node id
 * and temp data dir (removed when it exits). Everything is stopped by PID.
 *
 * @example
 *   const cluster = await startCluster({ nodes: 3, leaseMs: 1000 });
 *   afterAll(() => cluster.stop());
 *   const owner = await cluster.ownerOf(roomId);
 *   await cluster.kill(owner!);
 */
import { randomBytes } from 'node:crypto';
import { api } from './rooms-api.ts';
import { startRedisServer, testRedis, type RedisServer } from './redis-server.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

export interface ClusterNode {
  /** The `--node-id`, e.g. `n0`. */
  id: string;
  url: string;
  pid: number;
  server: ServerProcess;
  /** False once kill() or stop() ended it (or it exited by itself). */
  alive(): boolean;
}

export interface ClusterOptions {
  /** How many nodes (default 3). */
  nodes?: number;
  /** --lease-ms for every node; tests use 1000–1500 so failover fits a CI test. */
  leaseMs?: number;
  /** Added to every node's environment (e.g. COMMANDS_PER_SECOND). */
  env?: Record<string, string>;
  /** Extra arguments for every node. */
  args?: string[];
  /** Extra redis-server arguments (e.g. ['--appendonly', 'yes', '--dir', d]). */
  redisArgs?: string[];
  /**
   * Use the run's shared Redis (BRANCHCAST_TEST_REDIS_URL) under a fresh key
   * prefix instead of starting one: for tests that never kill or restart Redis.
   */
  sharedRedis?: boolean;
}

export interface Cluster {
  redis: RedisServer;
  nodes: ClusterNode[];
  /** The operator key every node accepts. */
  adminKey: string;
  /** The key prefix of this cluster in Redis. */
  prefix: string;
  leaseMs: number;
  node(id: string): ClusterNode;
  /** Nodes still running, in start order. */
  alive(): ClusterNode[];
  /** The node id holding the room's lease now, asked of `via` (default: the first live node). */
  ownerOf(room: string, via?: ClusterNode): Promise<string | null>;
  /** `GET /api/cluster` of one node: the rooms it holds and in which role. */
  roomsOf(node: ClusterNode): Promise<ClusterRooms>;
  /** SIGKILL by PID (no goodbye to Redis: its lease must expire); resolves once the process is gone. */
  kill(id: string): Promise<void>;
  /** Stops every node (SIGTERM, then SIGKILL), then Redis. Safe to call twice. */
  stop(): Promise<void>;
}

export interface ClusterRooms {
  node: string;
  rooms: Array<{ id: string; role: 'owner' | 'follower' }>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.nodes ?? 3;
  const leaseMs = options.leaseMs ?? 1000;
  const adminKey = randomBytes(16).toString('hex');
  const redis = options.sharedRedis ? await testRedis() : await startRedisServer(options.redisArgs);
  const nodes: ClusterNode[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await Promise.all(nodes.map((n) => n.server.stop(3000)));
      await redis.stop();
    })();
    return stopping;
  };
  try {
    // Started one by one: on 2 cores, parallel tsx start-ups only slow each other down past the start timeout.
    for (let i = 0; i < count; i += 1) {
      const id = `n${i}`;
      const server = await startServerProcess({
        args: ['--redis', redis.url, '--redis-prefix', redis.prefix, '--node-id', id, '--lease-ms', String(leaseMs), '--admin-key', adminKey, ...(options.args ?? [])],
        env: options.env,
        startTimeoutMs: 30_000,
      });
      let exited = false;
      server.child.once('exit', () => (exited = true));
      nodes.push({ id, url: server.url, pid: server.pid, server, alive: () => !exited });
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const node = (id: string): ClusterNode => {
    const found = nodes.find((n) => n.id === id);
    if (!found) throw new Error(`no cluster node ${id}`);
    return found;
  };
  const alive = (): ClusterNode[] => nodes.filter((n) => n.alive());
  return {
    redis,
    nodes,
    adminKey,
    prefix: redis.prefix,
    leaseMs,
    node,
    alive,
    async ownerOf(room, via) {
      const target = via ?? alive()[0];
      if (!target) throw new Error('no live node to ask');
      const r = await api(target.url, 'GET', `/api/cluster/rooms/${room}`, { key: adminKey });
      if (r.status !== 200) throw new Error(`GET /api/cluster/rooms/${room} on ${target.id}: ${r.status} ${JSON.stringify(r.body)}`);
      return (r.body as { owner: string | null }).owner;
    },
    async roomsOf(target) {
      const r = await api(target.url, 'GET', '/api/cluster', { key: adminKey });
      if (r.status !== 200) throw new Error(`GET /api/cluster on ${target.id}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as ClusterRooms;
    },
    async kill(id) {
      const target = node(id);
      target.server.child.kill('SIGKILL');
      await target.server.stop(); // only waits: the process is already gone or going
    },
    stop,
  };
}
