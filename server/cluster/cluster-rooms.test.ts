import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../engine/index.ts';
import { deleteKeysWithPrefix, testRedis, type RedisServer } from '../../test/support/redis-server.ts';
import { connectCommandRedis } from '../redis/command-connection.ts';
import { redisKeys } from '../redis/keys.ts';
import { describeRoomDirectoryContract } from '../rooms/room-directory.contract.ts';
import { createRedisRoomStore } from '../store/redis-room-store.ts';
import type { ClusterHooks } from './cluster-metrics.ts';
import { ClusterRooms } from './cluster-rooms.ts';
import { followerForm } from './record-entry.ts';
import { silentLogger } from '../log/logger.ts';

let server: RedisServer;
let admin: Redis;
let nextPrefix = 0;

beforeAll(async () => {
  server = await testRedis();
  admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await deleteKeysWithPrefix(admin, server.prefix);
  await admin.quit();
  await server.stop();
});

/** One cluster node in this process, with its own connections and fenced store, as a real node has. */
async function startNode(nodeId: string, prefix: string, hooks?: ClusterHooks): Promise<{ rooms: ClusterRooms; stop(): Promise<void> }> {
  const log = silentLogger();
  const redis = await connectCommandRedis(server.url, log, 'command');
  const subscriber = await connectCommandRedis(server.url, log, 'subscriber');
  const store = await createRedisRoomStore({ url: server.url, prefix, nodeId, publish: true, publishAs: followerForm });
  const rooms = new ClusterRooms({ deps: { store, now: () => Date.now(), publish: () => undefined, log }, redis, subscriber, keys: redisKeys(prefix), nodeId, leaseMs: 1000, ...(hooks ? { hooks } : {}) });
  await rooms.start();
  let stopped: Promise<void> | undefined;
  return {
    rooms,
    stop: () =>
      (stopped ??= (async () => {
        await rooms.shutdown();
        await store.close();
        subscriber.disconnect();
        await redis.quit();
      })()),
  };
}

// Two nodes on one real Redis: rooms are created (so owned) on the first; the second follows them and routes to it.
describeRoomDirectoryContract('cluster (ClusterRooms, two nodes)', async () => {
  const prefix = `${server.prefix}${nextPrefix++}:`;
  const [owner, other] = await Promise.all([startNode('n0', prefix), startNode('n1', prefix)]);
  return {
    directory: owner.rooms,
    peer: other.rooms,
    async close() {
      await Promise.all([owner.stop(), other.stop()]);
      await deleteKeysWithPrefix(admin, prefix);
    },
  };
});

describe('the router in front of cluster rooms', () => {
  const host = { sub: 'host', role: 'host' as const };
  const story: Story = {
    format: 'branchcast/story@1', id: 'router', title: 'Router', start: 'a',
    nodes: {
      a: { media: { src: 'a.mpd', duration: 60 }, choice: { opens: 0.05, closes: 50, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] } },
      b: { media: { src: 'b.mpd', duration: 1 }, ending: { title: 'B' } },
    },
  };
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  const twoNodes = async (hooks?: ClusterHooks) => {
    const prefix = `${server.prefix}${nextPrefix++}:`;
    const nodes = await Promise.all([startNode('n0', prefix), startNode('n1', prefix, hooks)]);
    for (const node of nodes) stops.push(() => node.stop());
    return nodes;
  };

  it('routes to the owned room on its owner, to a proxy elsewhere, and the proxy follows the room to its next owner', async () => {
    const [n0, n1] = await twoNodes();
    const room = await n0.rooms.create(story);
    expect(await n0.rooms.room(room.id)).not.toBeUndefined();
    const proxy = await n1.rooms.room(room.id);
    expect(n1.rooms.get(room.id)).toBeUndefined(); // routing to the owner does not follow the room here
    expect(await proxy?.command(host, 'c1', { type: 'play' })).toMatchObject({ ok: true });
    expect(room.version).toBeGreaterThan(0);
    await n0.stop(); // hands the lease over: n1's sweep takes the room
    const paused = await proxy?.command(host, 'c2', { type: 'pause' });
    expect(paused).toMatchObject({ ok: true });
    const taken = n1.rooms.get(room.id);
    expect(taken?.role).toBe('owner');
    expect(await n1.rooms.ownerOf(room.id)).toBe('n1');
    expect((await taken?.snapshot())?.timeline.playing).toBe(false);
  });

  it("a follower sends its viewers' votes to the owner in merged batches, and each vote gets its own answer", async () => {
    const batches: number[] = [];
    const [n0, n1] = await twoNodes({ voteBatch: (votes) => batches.push(votes) });
    const owner = await n0.rooms.create(story);
    const follower = await n1.rooms.open(owner.id);
    expect(follower?.role).toBe('follower');
    // Commands go through the route to the owner (the follower's copy applies nothing).
    const route = await n1.rooms.room(owner.id);
    expect(await route?.command(host, 'c1', { type: 'play' })).toMatchObject({ ok: true });
    const deadline = Date.now() + 5000;
    while ((await owner.snapshot()).phase !== 'open' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const votes = await Promise.all(['x', 'y', 'y', 'nope'].map((option, i) => route?.command({ sub: `v${i}`, role: 'viewer' }, `v${i}`, { type: 'vote', option })));
    expect(votes.map((v) => v?.ok)).toEqual([true, true, true, false]);
    expect(batches).toEqual([4]);
    expect((await owner.snapshot()).choice?.counts).toMatchObject({ y: 2 });
  });
});
