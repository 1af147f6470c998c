import { checkAdminKey } from '../auth/admin-key.ts';
import { loadOrCreateSecret } from '../auth/load-or-create-secret.ts';
import { signToken } from '../auth/sign-token.ts';
import { verifyToken } from '../auth/verify-token.ts';
import { mountApi } from '../api/api-handler.ts';
import { getAnalytics } from '../api/analytics-handler.ts';
import type { RoomsApiDeps } from '../api/rooms-api-deps.ts';
import { createRoom, createViewer, deleteRoom, getRoom, postCommand } from '../api/rooms-handlers.ts';
import { getStory, listStories, postStory } from '../api/stories-handlers.ts';
import { ConfigError, isLoopbackHost, serverUrl } from '../config.ts';
import { generateSecret } from '../auth/generate-secret.ts';
import type { RouteModule, ServerContext } from '../server-context.ts';
import { createFileRoomStore } from '../store/file-room-store.ts';
import type { RoomStore } from '../store/room-store.ts';
import type { TemplatedApp } from '../uws.ts';
import { hostTopic, registerRoomSocket, roomTopic, type VerifyRoomToken } from '../ws/room-socket.ts';
import { TokenBucket } from '../ws/token-bucket.ts';
import { join } from 'node:path';
import { createCouponLedger } from '../audience/coupon-ledger.ts';
import { loadWordFilter } from '../audience/word-filter.ts';
import { createRoomMetrics } from './room-metrics.ts';
import { RoomRegistry } from './room-registry.ts';
import { StoryLibrary } from './story-library.ts';

/**
 * The rooms feature: stories and rooms API, the room WebSocket, the durable
 * room store and recovery of every room at startup. Routes are mounted now;
 * their dependencies are ready before listen() binds (it awaits this module).
 */
export async function registerRooms(app: TemplatedApp, ctx: ServerContext): Promise<RouteModule> {
  const { config } = ctx;
  const holder: { deps?: RoomsApiDeps } = {};
  const ready = (): RoomsApiDeps => {
    if (!holder.deps) throw new Error('rooms feature used before setup finished');
    return holder.deps;
  };
  const lazy = (make: (d: RoomsApiDeps) => Parameters<typeof mountApi>[5]): Parameters<typeof mountApi>[5] => (request) => make(ready())(request);

  mountApi(app, ctx, 'post', '/api/stories', 0, lazy(postStory));
  mountApi(app, ctx, 'get', '/api/stories', 0, lazy(listStories));
  mountApi(app, ctx, 'get', '/api/stories/:id', 1, lazy(getStory));
  mountApi(app, ctx, 'post', '/api/rooms', 0, lazy(createRoom));
  mountApi(app, ctx, 'get', '/api/rooms/:id', 1, lazy(getRoom));
  mountApi(app, ctx, 'del', '/api/rooms/:id', 1, lazy(deleteRoom));
  mountApi(app, ctx, 'post', '/api/rooms/:id/viewers', 1, lazy(createViewer));
  mountApi(app, ctx, 'post', '/api/rooms/:id/commands', 1, lazy(postCommand));
  mountApi(app, ctx, 'get', '/api/rooms/:id/analytics', 1, lazy(getAnalytics));

  const metrics = createRoomMetrics(ctx.metrics, () => holder.deps?.rooms.size ?? 0);
  const socket = registerRoomSocket(app, ctx, {
    rooms: { get: (id) => ready().rooms.get(id) },
    hooks: metrics.socket,
    verify: (token) => ready().verifyToken(token),
    limits: { commandsPerSecond: config.commandsPerSecond, commandBurst: 2 * config.commandsPerSecond, idleTimeoutSeconds: config.wsIdleTimeoutSeconds, maxBackpressureBytes: config.wsMaxBackpressureBytes },
  });

  const adminKey = config.adminKey ?? (isLoopbackHost(config.host) ? generateSecret() : undefined);
  if (adminKey === undefined) {
    throw new ConfigError('an operator key is required when the server is reachable beyond loopback: pass --admin-key KEY or set BRANCHCAST_ADMIN_KEY');
  }
  if (config.adminKey === undefined) ctx.log(`branchcast: development operator key (loopback only): ${adminKey}`);

  const { secrets, created } = await loadOrCreateSecret(config.dataDir);
  if (created) ctx.log(`rooms: created a new token-signing key in ${config.dataDir}`);
  const store: RoomStore = await createFileRoomStore(config.dataDir, {
    onCommit: metrics.onCommit,
    onRecover: (report) => {
      if (report.truncatedBytes > 0) ctx.log(`room ${report.room}: cut ${report.truncatedBytes} torn byte(s) off the log tail after a crash (${report.records} records kept)`);
    },
  });
  // Coupon logs live in their own store: the room store recovers every log it holds as a room.
  const couponStore = await createFileRoomStore(join(config.dataDir, 'coupons'), { onCommit: metrics.onCommit });
  const coupons = await createCouponLedger(couponStore);
  const library = await StoryLibrary.open(config.storiesDir, config.dataDir, ctx.log);
  const filterComment = config.wordFilterFile === undefined ? undefined : await loadWordFilter(config.wordFilterFile);
  const rooms = new RoomRegistry({
    store,
    now: ctx.now,
    log: ctx.log,
    publish: (roomId, frame) => app.publish(roomTopic(roomId), frame, true),
    publishHosts: (roomId, frame) => app.publish(hostTopic(roomId), frame, true),
    coupons,
    resumeWindow: config.roomResumeWindow,
    ...(filterComment ? { filterComment } : {}),
    snapshotEvery: config.roomSnapshotEvery,
  });
  const recovery = await rooms.recoverAll();
  if (recovery.recovered > 0 || recovery.failed.length > 0) {
    ctx.log(`rooms: recovered ${recovery.recovered} room(s)${recovery.failed.length ? `, ${recovery.failed.length} failed` : ''}`);
  }

  const verify: VerifyRoomToken = (token) => verifyToken(secrets, token, Math.floor(ctx.now() / 1000));
  const buckets = new Map<string, TokenBucket>();
  holder.deps = {
    library,
    rooms,
    signToken: (claims) => signToken(secrets, claims),
    verifyToken: verify,
    isAdmin: (authorization) => checkAdminKey(authorization, adminKey),
    now: ctx.now,
    tokenTtlSeconds: config.tokenTtlSeconds,
    // Without --public-url, links follow the Host the operator used; a malformed Host falls back to the bind address.
    baseUrl: (host) => config.publicUrl ?? (host && /^[A-Za-z0-9.\-:[\]]{1,255}$/.test(host) ? `http://${host}` : serverUrl(config.host, config.port)),
    allowCommand: (sub) => {
      // Bounded: a flood of distinct subjects only ever holds the most recent 100k buckets.
      if (buckets.size > 100_000) buckets.clear();
      let bucket = buckets.get(sub);
      if (!bucket) buckets.set(sub, (bucket = new TokenBucket(2 * config.commandsPerSecond, config.commandsPerSecond, ctx.now())));
      return bucket.take(ctx.now());
    },
    onRoomClosed: (roomId) => socket.closeRoom(roomId),
  };

  return {
    async close() {
      socket.close();
      await rooms.shutdown();
      await coupons.close();
      await Promise.all([store.close(), couponStore.close()]);
    },
  };
}
