import { checkAdminKey } from '../auth/admin-key.ts';
import { signToken } from '../auth/sign-token.ts';
import { createTokenVerifier } from '../auth/token-verifier.ts';
import { mountApi } from '../api/api-handler.ts';
import { getAnalytics } from '../api/analytics-handler.ts';
import { getClusterRoom, getClusterStatus } from '../api/cluster-handlers.ts';
import type { RoomsApiDeps } from '../api/rooms-api-deps.ts';
import type { SoloApiDeps } from '../api/solo-api-deps.ts';
import { mountSoloApi, openSoloDeps } from '../api/solo-routes.ts';
import { mountMediaJobsApi } from '../api/media-jobs-routes.ts';
import { mountStudioApi } from '../api/studio-routes.ts';
import { createRoom, createViewer, deleteRoom, getRoom, getRoomStory, postCommand } from '../api/rooms-handlers.ts';
import { getStory, listStories, postStory } from '../api/stories-handlers.ts';
import { openClusterBackend } from '../cluster/cluster-backend.ts';
import type { ClusterRooms } from '../cluster/cluster-rooms.ts';
import { serverUrl } from '../config.ts';
import type { RouteModule, ServerContext } from '../server-context.ts';
import type { TemplatedApp } from '../uws.ts';
import { hostTopic, registerRoomSocket, roomTopic, type VerifyRoomToken } from '../ws/room-socket.ts';
import { TokenBucket } from '../ws/token-bucket.ts';
import { loadWordFilter } from '../audience/word-filter.ts';
import type { LiveRoomDeps } from './live-room.ts';
import { openLocalBackend } from './local-backend.ts';
import type { RoomBackend } from './room-backend.ts';
import { createRoomMetrics } from './room-metrics.ts';

/**
 * The rooms feature: stories and rooms API, the room WebSocket, and the room
 * backend — the durable file store with recovery at startup, or, with
 * `--redis`, a cluster node (docs/scaling.md). Routes are mounted now; their
 * dependencies are ready before listen() binds (it awaits this module).
 */
export async function registerRooms(app: TemplatedApp, ctx: ServerContext): Promise<RouteModule> {
  const { config } = ctx;
  const holder: { deps?: RoomsApiDeps; solo?: SoloApiDeps; cluster?: ClusterRooms } = {};
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
  mountApi(app, ctx, 'get', '/api/rooms/:id/story', 1, lazy(getRoomStory));
  mountApi(app, ctx, 'del', '/api/rooms/:id', 1, lazy(deleteRoom));
  mountApi(app, ctx, 'post', '/api/rooms/:id/viewers', 1, lazy(createViewer));
  mountApi(app, ctx, 'post', '/api/rooms/:id/commands', 1, lazy(postCommand));
  mountApi(app, ctx, 'get', '/api/rooms/:id/analytics', 1, lazy(getAnalytics));
  const mediaJobs = mountMediaJobsApi(app, ctx, ready);
  mountStudioApi(app, ctx, ready);
  mountSoloApi(app, ctx, () => {
    if (!holder.solo) throw new Error('solo API used before setup finished');
    return holder.solo;
  });
  if (config.cluster) {
    const cluster = (): ClusterRooms => {
      if (!holder.cluster) throw new Error('cluster used before setup finished');
      return holder.cluster;
    };
    mountApi(app, ctx, 'get', '/api/cluster', 0, (request) => getClusterStatus(ready(), cluster())(request));
    mountApi(app, ctx, 'get', '/api/cluster/rooms/:id', 1, (request) => getClusterRoom(ready(), cluster())(request));
  }

  const metrics = createRoomMetrics(ctx.metrics, () => holder.deps?.rooms.size ?? 0);
  const socket = registerRoomSocket(app, ctx, {
    rooms: { get: (id) => ready().rooms.get(id), open: (id) => ready().rooms.open(id) },
    hooks: metrics.socket,
    verify: (token) => ready().verifyToken(token),
    limits: { commandsPerSecond: config.commandsPerSecond, commandBurst: 2 * config.commandsPerSecond, idleTimeoutSeconds: config.wsIdleTimeoutSeconds, maxBackpressureBytes: config.wsMaxBackpressureBytes },
  });

  const filterComment = config.wordFilterFile === undefined ? undefined : await loadWordFilter(config.wordFilterFile);
  const roomDeps: Omit<LiveRoomDeps, 'store' | 'coupons'> = {
    now: ctx.now,
    log: ctx.log,
    publish: (roomId, frame) => app.publish(roomTopic(roomId), frame, true),
    publishHosts: (roomId, frame) => app.publish(hostTopic(roomId), frame, true),
    onClosed: (roomId) => socket.closeRoom(roomId),
    contain: (error, roomId) => ctx.contained.report('room-timer', error, { room: roomId }),
    resumeWindow: config.roomResumeWindow,
    ...(filterComment ? { filterComment } : {}),
    snapshotEvery: config.roomSnapshotEvery,
  };
  const common = { dataDir: config.dataDir, storiesDir: config.storiesDir, log: ctx.log, roomDeps };
  let backend: RoomBackend;
  if (config.cluster) {
    const opened = await openClusterBackend(config.cluster, { ...common, metrics: ctx.metrics, contained: ctx.contained, localViewers: (id) => app.numSubscribers(roomTopic(id)), onCommit: (info) => metrics.onCommit({ room: info.room, records: info.records, bytes: 0, fsyncMs: info.ms }) });
    holder.cluster = opened.cluster;
    backend = opened;
  } else {
    backend = await openLocalBackend({ ...common, onCommit: metrics.onCommit });
  }
  const { rooms, library, secrets } = backend;

  const tokens = createTokenVerifier(secrets);
  const verify: VerifyRoomToken = (token) => tokens.verify(token, Math.floor(ctx.now() / 1000));
  const buckets = new Map<string, TokenBucket>();
  holder.deps = {
    library,
    rooms,
    signToken: (claims) => signToken(secrets, claims),
    verifyToken: verify,
    isAdmin: (authorization) => checkAdminKey(authorization, ctx.adminKey),
    principal: ctx.resolvePrincipal,
    authors: ctx.authors,
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
  };

  holder.solo = openSoloDeps(ctx, holder.deps);

  return {
    async close() {
      socket.close();
      await mediaJobs.close();
      await holder.solo?.ingest.idle();
      await backend.close();
    },
  };
}
