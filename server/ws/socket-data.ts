import type { CommandActor } from '../../engine/index.ts';
import type { LiveRoom } from '../rooms/live-room.ts';
import type { RoomCommands } from '../rooms/room-directory.ts';
import type { TokenBucket } from '../limits/token-bucket.ts';

/** What the room socket keeps per connection (uWS user data). */
export interface SocketData {
  /** This process's name for the connection, for logs (`c-17`). */
  conn: string;
  token: string | undefined;
  since: number | undefined;
  actor: CommandActor | undefined;
  room: LiveRoom | undefined;
  /** The route to the room's owner (RoomDirectory.room): what the socket's commands and presence go through. */
  route: RoomCommands | undefined;
  open: boolean;
  joining: boolean;
  invalidFrames: number;
  bucket: TokenBucket | undefined;
  helloTimer: NodeJS.Timeout | undefined;
  lastHeard: number;
}
