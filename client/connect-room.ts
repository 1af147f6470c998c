/**
 * `connectRoom`: the one call a bot or an app needs to be in a room. It picks
 * a WebSocket for the platform (web-socket.ts) unless given one, and resolves
 * once joined, so `room.snapshot` is already there when it returns.
 */
import { RoomConnection, type RoomConnectionOptions } from './room-connection.ts';
import { defaultWebSocketFactory, type WebSocketFactory } from './web-socket.ts';

export interface ConnectRoomOptions extends Omit<RoomConnectionOptions, 'openSocket'> {
  /** Default: the global WebSocket, else the `ws` package. */
  openSocket?: WebSocketFactory;
}

/**
 * Connects and joins; rejects with a JoinError when the token or the room is
 * unusable. While the server cannot be reached it keeps retrying with backoff
 * (watch `status` on a RoomConnection you start yourself to show that).
 */
export async function connectRoom(options: ConnectRoomOptions): Promise<RoomConnection> {
  const openSocket = options.openSocket ?? (await defaultWebSocketFactory());
  const connection = new RoomConnection({ ...options, openSocket });
  await connection.start();
  return connection;
}
