/**
 * The ceiling: a minimal uWebSockets.js relay. One topic per room, events of
 * one event-loop turn batched into one `publish`, an in-memory tally, and the
 * same HTTP endpoints as branchcast with nothing durable behind them.
 *   node --import tsx bench/peers/uws-raw.ts [--port 0]
 * With `--durable FILE` (the `uws-durable` peer) every accepted command is
 * appended to FILE and answered only once that append is on the disk
 * (group-commit-log.ts), as branchcast answers; nothing else changes.
 */
import { unpack } from 'msgpackr';
import { parseArgs } from 'node:util';
import { App, listenSocketPort, type HttpResponse, type WebSocket } from '../../server/uws.ts';
import { GroupCommitLog } from './group-commit-log.ts';
import { announce } from './node-http.ts';
import { parsePeerToken, peerToken, TallyRoom } from './tally-room.ts';

interface Member {
  room: string;
  sub: string;
  closed?: boolean;
}

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, durable: { type: 'string' } } });
const durable = values.durable === undefined ? undefined : await GroupCommitLog.open(values.durable);
const app = App();
const rooms = new Map<string, TallyRoom>();
const roomFor = (id: string): TallyRoom => {
  let room = rooms.get(id);
  if (!room) {
    room = new TallyRoom(id, { publish: (frame) => app.publish(id, frame, true) }, true);
    rooms.set(id, room);
  }
  return room;
};

const json = (res: HttpResponse, status: string, body: unknown): void => {
  res.cork(() => res.writeStatus(status).writeHeader('Content-Type', 'application/json').end(JSON.stringify(body)));
};

let nextSub = 0;
let nextCommand = 0;
app.post('/api/rooms/:id/viewers', (res, req) => {
  const id = req.getParameter(0) ?? '';
  const sub = `v${(nextSub += 1)}`;
  json(res, '201 Created', { viewerId: sub, token: peerToken(id, sub), expiresIn: 86_400 });
});

app.post('/api/rooms/:id/commands', (res, req) => {
  // Copy everything out of req before the first callback: it dies with this call.
  const id = req.getParameter(0) ?? '';
  const auth = parsePeerToken(req.getHeader('authorization').replace(/^Bearer /, ''));
  let aborted = false;
  res.onAborted(() => (aborted = true));
  const chunks: Buffer[] = [];
  res.onData((chunk, last) => {
    chunks.push(Buffer.from(chunk.slice(0))); // the chunk is neutered after this callback
    if (!last || aborted) return;
    if (!auth || auth.room !== id) return json(res, '401 Unauthorized', { error: { code: 'unauthorized' } });
    let body: { id?: string; cmd?: { type?: unknown; option?: unknown } };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      return json(res, '400 Bad Request', { error: { code: 'invalid' } });
    }
    const answer = roomFor(id).command(auth.sub, body.cmd ?? {});
    if (!answer.ok) return json(res, '400 Bad Request', { error: { code: 'invalid', message: answer.message } });
    const reply = { ok: true, id: body.id ?? `http-${(nextCommand += 1)}`, version: 0 };
    if (!durable) return json(res, '200 OK', reply);
    durable.append(Buffer.concat(chunks), () => {
      if (!aborted) json(res, '200 OK', reply);
    });
  });
});

app.ws<Member>('/ws', {
  maxPayloadLength: 64 * 1024,
  maxBackpressure: 1024 * 1024,
  closeOnBackpressureLimit: 1, // numeric in these typings: 1 = close a slow consumer at maxBackpressure
  idleTimeout: 32,
  upgrade: (res, req, context) => {
    const auth = parsePeerToken(new URLSearchParams(req.getQuery() ?? '').get('token') ?? '');
    if (!auth) {
      res.writeStatus('401 Unauthorized').end();
      return;
    }
    res.upgrade<Member>(auth, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
  },
  open: (ws: WebSocket<Member>) => {
    const { room, sub } = ws.getUserData();
    ws.subscribe(room);
    ws.send(roomFor(room).welcome(sub), true);
  },
  message: (ws: WebSocket<Member>, message, isBinary) => {
    const { room, sub } = ws.getUserData();
    if (!isBinary) return;
    const reply = roomFor(room).receive(sub, unpack(new Uint8Array(message)) as Record<string, never>);
    if (!reply) return;
    if (!durable) return void ws.send(reply, true);
    durable.append(new Uint8Array(message.slice(0)), () => {
      if (!ws.getUserData().closed) ws.cork(() => ws.send(reply, true));
    });
  },
  close: (ws: WebSocket<Member>) => {
    ws.getUserData().closed = true;
  },
});

app.listen('127.0.0.1', Number(values.port), (listenSocket) => {
  if (!listenSocket) throw new Error('uws-raw: listen failed');
  announce(listenSocketPort(listenSocket));
});
