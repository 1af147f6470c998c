/**
 * The Socket.IO (v4) peer, written the plainest way: websocket transport
 * only, one Socket.IO room per room, msgpack frames as binary `m` events,
 * each event emitted to the room as it happens.
 *   node --import tsx bench/peers/socket-io.ts [--port 0]
 */
import { unpack } from 'msgpackr';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';
import { announce, peerHttpHandler } from './node-http.ts';
import { parsePeerToken, TallyRoom } from './tally-room.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const rooms = new Map<string, TallyRoom>();
const roomFor = (id: string): TallyRoom => {
  let room = rooms.get(id);
  if (!room) {
    room = new TallyRoom(id, { publish: (frame) => io.to(id).emit('m', frame) }, false);
    rooms.set(id, room);
  }
  return room;
};

const server = createServer(peerHttpHandler(roomFor));
// Rooms publish only after this line has run (their first command comes through io).
const io = new Server(server, { transports: ['websocket'], serveClient: false, maxHttpBufferSize: 64 * 1024 });
io.on('connection', (socket) => {
  const auth = parsePeerToken(String(socket.handshake.query.token ?? ''));
  if (!auth) {
    socket.disconnect(true);
    return;
  }
  const room = roomFor(auth.room);
  void socket.join(auth.room);
  socket.on('m', (data: Buffer) => {
    const reply = room.receive(auth.sub, unpack(data) as Record<string, never>);
    if (reply) socket.emit('m', reply);
  });
  socket.emit('m', room.welcome(auth.sub));
});
server.listen(Number(values.port), '127.0.0.1', () => announce((server.address() as AddressInfo).port));
