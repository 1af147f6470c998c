import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { deleteKeysWithPrefix, testRedis, type RedisServer } from '../../test/support/redis-server.ts';
import { connectCommandRedis } from '../redis/command-connection.ts';
import { redisKeys } from '../redis/keys.ts';
import { describeRoomDirectoryContract } from '../rooms/room-directory.contract.ts';
import { createRedisRoomStore } from '../store/redis-room-store.ts';
import { ClusterRooms } from './cluster-rooms.ts';

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
async function startNode(nodeId: string, prefix: string): Promise<{ rooms: ClusterRooms; stop(): Promise<void> }> {
  const log = (): void => undefined;
  const redis = await connectCommandRedis(server.url, log, 'command');
  const subscriber = await connectCommandRedis(server.url, log, 'subscriber');
  const store = await createRedisRoomStore({ url: server.url, prefix, nodeId, publish: true });
  const rooms = new ClusterRooms({ deps: { store, now: () => Date.now(), publish: () => undefined, log }, redis, subscriber, keys: redisKeys(prefix), nodeId, leaseMs: 1000 });
  await rooms.start();
  return {
    rooms,
    async stop() {
      await rooms.shutdown();
      await store.close();
      subscriber.disconnect();
      await redis.quit();
    },
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
