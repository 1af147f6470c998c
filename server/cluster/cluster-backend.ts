import { createRedisCouponLedger } from '../audience/redis-coupon-ledger.ts';
import { loadOrCreateRedisSecret } from '../auth/load-or-create-redis-secret.ts';
import type { ClusterConfig } from '../config.ts';
import type { LiveRoomDeps } from '../rooms/live-room.ts';
import { StoryLibrary } from '../rooms/story-library.ts';
import { createRedisRoomStore } from '../store/redis-room-store.ts';
import type { RoomBackend } from '../rooms/room-backend.ts';
import { createClusterMetrics } from './cluster-metrics.ts';
import { ClusterRooms } from './cluster-rooms.ts';
import type { MetricRegistry } from '../metrics/metric-registry.ts';
import type { ContainedErrors } from '../health/contained-errors.ts';
import { createRedisStoryShelf } from '../stories/redis-story-shelf.ts';
import { connectCommandRedis } from '../redis/command-connection.ts';
import { redisKeys } from '../redis/keys.ts';
import { followerForm } from './record-entry.ts';
import type { Logger } from '../log/logger.ts';

/**
 * Cluster mode (docs/scaling.md): rooms, their logs and snapshots, the token
 * keyring, posted stories and coupon campaigns all live in Redis, so any
 * node can serve any viewer and take over any room.
 */
export async function openClusterBackend(
  cluster: ClusterConfig,
  options: {
    dataDir: string;
    storiesDir: string | undefined;
    log: Logger;
    roomDeps: Omit<LiveRoomDeps, 'store' | 'coupons' | 'onFailed'>;
    onCommit?: (info: { room: string; records: number; ms: number }) => void;
    metrics?: MetricRegistry;
    /** Counts exceptions caught at the cluster channels' boundary. */
    contained?: ContainedErrors;
    localViewers?: (room: string) => number;
    followIdleMs?: number;
    /** Each subject's command budget in a room, across nodes (the socket's own budget, held again by the owner). */
    commandsPerSecond?: number;
  },
): Promise<RoomBackend & { cluster: ClusterRooms }> {
  // Every line of a cluster node carries its id, and so do its rooms' lines.
  const log = options.log.child({ node: cluster.nodeId });
  const keys = redisKeys(cluster.redisPrefix);
  const redis = await connectCommandRedis(cluster.redisUrl, log, 'command');
  const subscriber = await connectCommandRedis(cluster.redisUrl, log, 'subscriber');
  const store = await createRedisRoomStore({ url: cluster.redisUrl, prefix: cluster.redisPrefix, nodeId: cluster.nodeId, publish: true, publishAs: followerForm, ...(options.onCommit ? { onCommit: options.onCommit } : {}) });
  const coupons = createRedisCouponLedger({ redis, keys });
  const { secrets, created } = await loadOrCreateRedisSecret(redis, keys);
  if (created) log.info('cluster: created the shared token-signing key in Redis');
  const library = await StoryLibrary.open(options.storiesDir, options.dataDir, log, createRedisStoryShelf(redis, keys));
  const holder: { rooms?: ClusterRooms } = {};
  const hooks = options.metrics ? createClusterMetrics(options.metrics, () => holder.rooms?.list() ?? []) : undefined;
  const rooms = new ClusterRooms({ deps: { ...options.roomDeps, log, store, coupons }, redis, subscriber, keys, nodeId: cluster.nodeId, leaseMs: cluster.leaseMs,
    ...(hooks ? { hooks } : {}),
    ...(options.contained ? { contained: options.contained } : {}),
    ...(options.localViewers ? { localViewers: options.localViewers } : {}),
    ...(options.commandsPerSecond === undefined ? {} : { commandsPerSecond: options.commandsPerSecond }),
    followIdleMs: cluster.followIdleMs,
  });
  holder.rooms = rooms;
  await rooms.start();
  log.info({ redis: new URL(cluster.redisUrl).host, leaseMs: cluster.leaseMs }, `cluster: node joined ${new URL(cluster.redisUrl).host}`);
  return {
    rooms,
    cluster: rooms,
    library,
    secrets,
    async close() {
      await rooms.shutdown();
      await coupons.close();
      await store.close();
      subscriber.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
