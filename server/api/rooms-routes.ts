import type { ClusterRooms } from '../cluster/cluster-rooms.ts';
import type { ServerContext } from '../server-context.ts';
import type { TemplatedApp } from '../uws.ts';
import { getAnalytics } from './analytics-handler.ts';
import { mountApi } from './api-handler.ts';
import { mountBackupApi } from './backup-handlers.ts';
import { getClusterRoom, getClusterStatus } from './cluster-handlers.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';
import { createRoom, createViewer, deleteRoom, getRoom, getRoomStory, postCommand } from './rooms-handlers.ts';
import { getStory, listStories, postStory } from './stories-handlers.ts';

/**
 * The stories and rooms API (docs/protocol.md), on deps that are already open,
 * and in cluster mode the node's own view of the cluster (docs/scaling.md).
 */
export function mountRoomsApi(app: TemplatedApp, ctx: ServerContext, deps: RoomsApiDeps, cluster?: ClusterRooms): void {
  mountApi(app, ctx, 'post', '/api/stories', 0, postStory(deps));
  mountApi(app, ctx, 'get', '/api/stories', 0, listStories(deps));
  mountApi(app, ctx, 'get', '/api/stories/:id', 1, getStory(deps));
  mountApi(app, ctx, 'post', '/api/rooms', 0, createRoom(deps));
  mountApi(app, ctx, 'get', '/api/rooms/:id', 1, getRoom(deps));
  mountApi(app, ctx, 'get', '/api/rooms/:id/story', 1, getRoomStory(deps));
  mountApi(app, ctx, 'del', '/api/rooms/:id', 1, deleteRoom(deps));
  mountApi(app, ctx, 'post', '/api/rooms/:id/viewers', 1, createViewer(deps));
  mountApi(app, ctx, 'post', '/api/rooms/:id/commands', 1, postCommand(deps));
  mountApi(app, ctx, 'get', '/api/rooms/:id/analytics', 1, getAnalytics(deps));
  mountBackupApi(app, ctx, deps);
  if (cluster !== undefined) {
    mountApi(app, ctx, 'get', '/api/cluster', 0, getClusterStatus(deps, cluster));
    mountApi(app, ctx, 'get', '/api/cluster/rooms/:id', 1, getClusterRoom(deps, cluster));
  }
}
