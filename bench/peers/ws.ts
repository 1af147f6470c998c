/**
 * The `ws` (v8) peer, written the plainest way: node:http plus a
 * WebSocketServer, each event sent to each member as it happens.
 *   node --import tsx bench/peers/ws.ts [--port 0]
 */
import { unpack } from 'msgpackr';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';
import { announce, peerHttpHandler } from './node-http.ts';
import { parsePeerToken, TallyRoom } from './tally-room.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const rooms = new Map<string, { room: TallyRoom; members: Set<WebSocket> }>();
const entryFor = (id: string): { room: TallyRoom; members: Set<WebSocket> } => {
  let entry = rooms.get(id);
  if (!entry) {
    const members = new Set<WebSocket>();
    entry = { room: new TallyRoom(id, { publish: (frame) => members.forEach((m) => m.send(frame)) }, false), members };
    rooms.set(id, entry);
  }
  return entry;
};

const server = createServer(peerHttpHandler((id) => entryFor(id).room));
const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const auth = parsePeerToken(url.searchParams.get('token') ?? '');
  if (url.pathname !== '/ws' || !auth) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    const entry = entryFor(auth.room);
    entry.members.add(ws);
    ws.on('close', () => entry.members.delete(ws));
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      const reply = entry.room.receive(auth.sub, unpack(data) as Record<string, never>);
      if (reply) ws.send(reply);
    });
    ws.send(entry.room.welcome(auth.sub));
  });
});
server.listen(Number(values.port), '127.0.0.1', () => announce((server.address() as AddressInfo).port));
