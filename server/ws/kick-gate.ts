import type { LiveRoom } from '../rooms/live-room.ts';
import type { SocketData } from './socket-data.ts';

/** The close reason that goes with CLOSE.KICKED (4009). */
export const KICKED_REASON = 'you were removed from this room';

/**
 * Whether this socket's subject was kicked from its room (a host's `kick`,
 * room state folded from the log: so it holds after a restart and on every
 * cluster node). The room socket refuses such a join, and its sweep closes
 * such a socket that is still open, on whichever node it is.
 */
export function kickedFrom(rooms: { get(id: string): LiveRoom | undefined }, data: SocketData): boolean {
  if (!data.open || !data.room || !data.actor) return false;
  return (rooms.get(data.room.id) ?? data.room).isKicked(data.actor.sub);
}
