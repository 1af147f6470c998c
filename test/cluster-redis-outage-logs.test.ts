/**
 * Redis goes away for 60 s under a cluster node (issue 19.3): the node says so
 * in a few log lines, not once per failed sweep or renewal (it used to write
 * the same line several times a second), and when Redis comes back on the
 * same port it recovers by itself: it logs that, /healthz is ok, and a room
 * command is acknowledged again. The Redis is this test's own (it is stopped),
 * with an fsync'd append-only file so the room and the token key survive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './support/cluster.ts';
import { parseLogLines, type LogLine } from './support/log-lines.ts';
import { startRedisServer, type RedisServer } from './support/redis-server.ts';
import { RoomClient } from './support/room-client.ts';
import { createRoom, postStory, type CreatedRoom } from './support/rooms-api.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const OUTAGE_MS = 60_000;
/** First failure, a summary, the connections' lost lines: a handful, where it used to be hundreds. */
const MAX_OUTAGE_LINES = 6;

const story = {
  format: 'branchcast/story@1',
  id: 'outage',
  title: 'Outage',
  start: 'a',
  nodes: {
    a: { media: { src: 'o/a.mpd', duration: 600 }, next: 'b' },
    b: { media: { src: 'o/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Retries until `attempt` resolves truthy or the deadline passes (the room may be moving between roles). */
async function eventually<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await sleep(250);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms (${String(last)})`);
}

describe('a cluster node while its Redis is away', () => {
  let dir: TempDir;
  let cluster: Cluster;
  let revived: RedisServer | undefined;
  let room: CreatedRoom;
  const clients: RoomClient[] = [];

  beforeAll(async () => {
    dir = await makeTempDir('branchcast-outage-');
    cluster = await startCluster({ nodes: 1, leaseMs: 1500, redisArgs: ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir.path] });
    const node = cluster.nodes[0]!;
    await postStory(node.url, cluster.adminKey, story);
    room = await createRoom(node.url, cluster.adminKey, story.id);
    // More rooms held: their leases all lapse in the outage, which must not mean a line each.
    for (let i = 0; i < 4; i++) await createRoom(node.url, cluster.adminKey, story.id);
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.terminate();
    await cluster?.stop();
    await revived?.stop();
    await dir?.remove();
  });

  it('writes a few lines in 60 s, then recovers when Redis is back on the same port', async () => {
    const node = cluster.nodes[0]!;
    const host = await RoomClient.connect(node.url, { token: room.hostToken });
    clients.push(host);
    await host.welcome();
    expect(await host.command({ type: 'play' })).toMatchObject({ t: 103 });

    const before = node.server.output().length;
    await cluster.redis.stop();
    await sleep(OUTAGE_MS);
    const during = parseLogLines(node.server.output().slice(before));
    const show = (lines: LogLine[]): string => lines.map((l) => `${l.level} ${l.msg}`).join('\n');
    expect(during.length, show(during)).toBeLessThanOrEqual(MAX_OUTAGE_LINES);
    expect(during.some((l) => l.msg === 'cluster: Redis unreachable' && l.node === node.id), show(during)).toBe(true);
    // Nothing that is not a log line (an unstructured write) either.
    const unstructured = node.server.output().slice(before).split('\n').filter((l) => l.trim() !== '' && !l.startsWith('{'));
    expect(unstructured).toEqual([]);

    revived = await startRedisServer(['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir.path], cluster.redis.port);
    const recovered = await eventually('the recovered line', async () => parseLogLines(node.server.output().slice(before)).find((l) => l.msg.startsWith('cluster: Redis reachable again')), 20_000);
    expect(recovered).toMatchObject({ level: 'info', node: node.id });
    // Counted, not written: each attempt waits out the client's retries, so a minute holds a dozen or more.
    expect(recovered.failures).toBeGreaterThan(3);
    expect(recovered.failures).toBeGreaterThan(during.filter((l) => l.msg.startsWith('cluster: Redis unreachable')).length);

    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    // A room command is acknowledged again, by the same room, through a fresh connection.
    const ack = await eventually('an acknowledged command', async () => {
      const again = await RoomClient.connect(node.url, { token: room.hostToken });
      clients.push(again);
      await again.welcome(3000);
      const reply = await again.command({ type: 'pause' }, undefined, 3000);
      return reply.t === 103 ? reply : undefined;
    }, 20_000);
    expect(ack).toMatchObject({ t: 103 });
    // And the whole episode, recovery included, stayed a handful of lines about Redis.
    const aboutRedis = parseLogLines(node.server.output().slice(before)).filter((l) => /redis/i.test(l.msg));
    console.log(`[redis-outage] ${during.length} line(s) in ${OUTAGE_MS / 1000} s without Redis; about Redis, recovery included:\n${show(aboutRedis)}`);
    expect(aboutRedis.length, show(aboutRedis)).toBeLessThanOrEqual(MAX_OUTAGE_LINES + 3);
  }, 120_000);
});
