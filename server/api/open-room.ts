import type { LiveRoom } from '../rooms/live-room.ts';
import type { ApiResponse } from './api-handler.ts';
import { apiError } from './api-error.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';

/** The answer for a room id nobody has. */
export const roomNotFound: ApiResponse = { status: 404, body: apiError('not-found', 'no such room') };

/**
 * The room exists but this node cannot load it right now: in a cluster, its
 * owner's log append failed and the room is between owners, or its log cannot
 * be read. The socket closes such a join with 1001 ("retry"); HTTP says 503.
 */
export const roomUnavailable: ApiResponse = { status: 503, headers: [['Retry-After', '1']], body: apiError('unavailable', 'the room cannot be loaded right now; retry') };

/**
 * rooms.open for an API handler: the room, or the answer to give instead
 * (404, or 503 when loading it failed). A failure to load used to escape the
 * handler and answer 500 `internal`, although it is no bug of the server.
 */
export async function openRoom(deps: RoomsApiDeps, id: string): Promise<{ room: LiveRoom } | { answer: ApiResponse }> {
  let room: LiveRoom | undefined;
  try {
    room = await deps.rooms.open(id);
  } catch {
    return { answer: roomUnavailable };
  }
  return room ? { room } : { answer: roomNotFound };
}
