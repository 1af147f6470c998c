/**
 * The composition root: what a server is made of, opened in dependency order.
 *
 * 1. Open: the rooms backend (rooms, stories, coupons and the token keyring,
 *    on this machine's data directory or a Redis cluster), then what is built
 *    on it (the token verifier, room access, the solo stores).
 * 2. Mount: every route module, each handed dependencies that are already
 *    open, so no handler can run before what it needs exists.
 *
 * Nothing listens here: server.ts binds once compose() has finished. What was
 * opened closes in the reverse order (shutdown-stack.ts), also when opening
 * fails halfway.
 */
import { mountMediaJobsApi } from './api/media-jobs-routes.ts';
import { createRoomsApiDeps } from './api/rooms-api-deps.ts';
import { mountRoomsApi } from './api/rooms-routes.ts';
import { mountSoloApi, openSoloDeps } from './api/solo-routes.ts';
import { mountStudioApi } from './api/studio-routes.ts';
import { createRoomAccess } from './auth/room-access.ts';
import { createTokenVerifier } from './auth/token-verifier.ts';
import { registerNotFound } from './http/not-found-route.ts';
import { registerPreflight } from './http/preflight-route.ts';
import { openBackend } from './open-backend.ts';
import { createRoomMetrics } from './rooms/room-metrics.ts';
import { defaultRoutes } from './routes.ts';
import type { RouteRegistrar, ServerContext } from './server-context.ts';
import { createShutdownStack, type ShutdownStack } from './shutdown-stack.ts';
import type { TemplatedApp } from './uws.ts';
import { registerRoomSocket } from './ws/room-socket.ts';

/** A composed server's parts, ready to serve once bound. */
export interface Composition {
  /** Closes what compose() opened, newest first. */
  close(): Promise<void>;
}

/**
 * Opens and mounts a server's parts on `app`. With `routes`, mounts just those
 * (and opens no rooms backend); by default, the backend first, then
 * defaultRoutes around the rooms feature. OPTIONS preflights come first and
 * the 404 fallback last either way.
 */
export async function compose(app: TemplatedApp, ctx: ServerContext, routes?: readonly RouteRegistrar[]): Promise<Composition> {
  const opened = createShutdownStack(ctx.log);
  try {
    const features = routes ?? defaultRoutes(await openRooms(app, ctx, opened));
    registerPreflight(app, ctx);
    // One at a time, in order: a module may open something (a store, a timer) that the next relies on being there.
    for (const register of features) opened.push(await register(app, ctx));
    registerNotFound(app, ctx);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

/**
 * Opens the rooms backend and what is built on it; returns the route module
 * for the rooms feature (the room WebSocket, the stories, rooms, studio, solo
 * and packaging APIs), which mounts them on those ready parts.
 */
async function openRooms(app: TemplatedApp, ctx: ServerContext, opened: ShutdownStack): Promise<RouteRegistrar> {
  const { config } = ctx;
  // Read at scrape time; /metrics is mounted after the backend below is open.
  const metrics = createRoomMetrics(ctx.metrics, () => backend.rooms.size);
  // A closing room ends its sockets. The socket route mounts after the backend
  // opens; a room closing before that (recovery) has no socket to end.
  let endRoomSockets = (_roomId: string): void => undefined;
  const backend = await openBackend(app, ctx, { onCommit: metrics.onCommit, onClosed: (roomId) => endRoomSockets(roomId) });
  opened.push(backend);
  const access = createRoomAccess({ keys: backend.secrets, tokens: createTokenVerifier(backend.secrets), adminKey: ctx.adminKey, now: ctx.now });
  const deps = createRoomsApiDeps(ctx, backend, access);
  const solo = openSoloDeps(ctx, deps);
  // Plays still being written land before the stores under them close.
  opened.push({ close: () => solo.ingest.idle() });

  return (app, ctx) => {
    const socket = registerRoomSocket(app, ctx, {
      rooms: backend.rooms,
      hooks: metrics.socket,
      verify: deps.verifyToken,
      limits: { commandsPerSecond: config.commandsPerSecond, commandBurst: 2 * config.commandsPerSecond, idleTimeoutSeconds: config.wsIdleTimeoutSeconds, maxBackpressureBytes: config.wsMaxBackpressureBytes },
    });
    endRoomSockets = (roomId) => socket.closeRoom(roomId);
    mountRoomsApi(app, ctx, deps, backend.cluster);
    mountStudioApi(app, ctx, deps);
    mountSoloApi(app, ctx, solo);
    const mediaJobs = mountMediaJobsApi(app, ctx, deps);
    return {
      async close() {
        await mediaJobs.close();
        socket.close();
      },
    };
  };
}
