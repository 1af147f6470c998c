/**
 * The HTTP side of the node:http peers (ws, socket.io): viewer tokens and
 * `POST /api/rooms/:id/commands`, shaped like branchcast's (docs/protocol.md §1).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parsePeerToken, peerToken, type TallyRoom } from './tally-room.ts';

const VIEWERS = /^\/api\/rooms\/([^/]+)\/viewers$/;
const COMMANDS = /^\/api\/rooms\/([^/]+)\/commands$/;

export function peerHttpHandler(roomFor: (id: string) => TallyRoom): (req: IncomingMessage, res: ServerResponse) => void {
  let nextSub = 0;
  let nextCommand = 0;
  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const viewers = req.method === 'POST' ? VIEWERS.exec(path) : null;
    if (viewers?.[1]) {
      const sub = `v${(nextSub += 1)}`;
      req.resume();
      json(res, 201, { viewerId: sub, token: peerToken(viewers[1], sub), expiresIn: 86_400 });
      return;
    }
    const commands = req.method === 'POST' ? COMMANDS.exec(path) : null;
    if (!commands?.[1]) {
      req.resume();
      json(res, 404, { error: { code: 'not-found' } });
      return;
    }
    const id = commands[1];
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const auth = parsePeerToken((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!auth || auth.room !== id) return json(res, 401, { error: { code: 'unauthorized' } });
      let body: { id?: string; cmd?: { type?: unknown; option?: unknown } };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        return json(res, 400, { error: { code: 'invalid' } });
      }
      const answer = roomFor(id).command(auth.sub, body.cmd ?? {});
      if (!answer.ok) return json(res, 400, { error: { code: 'invalid', message: answer.message } });
      json(res, 200, { ok: true, id: body.id ?? `http-${(nextCommand += 1)}`, version: 0 });
    });
  };
}

/** Prints the line peer-process.ts waits for. */
export function announce(port: number): void {
  process.stdout.write(`peer listening on http://127.0.0.1:${port}\n`);
}
