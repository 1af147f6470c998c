import type { ClusterRooms } from '../cluster/cluster-rooms.ts';
import type { ApiHandler } from './api-handler.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';
import { unauthorized } from './stories-handlers.ts';

/** GET /api/cluster (operator): this node and the rooms it holds, as owner or follower. */
export const getClusterStatus = (deps: RoomsApiDeps, cluster: ClusterRooms): ApiHandler => (request) => {
  if (!deps.isAdmin(request.authorization)) return unauthorized;
  return { status: 200, body: { node: cluster.nodeId, rooms: cluster.list().map((room) => ({ id: room.id, role: room.role })) } };
};

/** GET /api/cluster/rooms/:id (operator): which node holds the room's lease right now (null during a failover). */
export const getClusterRoom = (deps: RoomsApiDeps, cluster: ClusterRooms): ApiHandler => async (request) => {
  if (!deps.isAdmin(request.authorization)) return unauthorized;
  const room = request.params[0] ?? '';
  return { status: 200, body: { room, owner: await cluster.ownerOf(room), node: cluster.nodeId } };
};
