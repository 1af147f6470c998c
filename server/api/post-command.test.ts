/** postCommand's answers, pinned while its awaits were made cheaper (issue 18). */
import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../engine/index.ts';
import type { ApiRequest, ApiResponse } from './api-handler.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';
import { postCommand } from './rooms-handlers.ts';

interface Route {
  command: (actor: unknown, id: string, cmd: unknown) => Promise<CommandResult>;
}

function deps(route: () => Promise<Route | undefined>, open: () => Promise<unknown> = () => Promise.resolve({ id: 'r1' })): RoomsApiDeps {
  return {
    rooms: { open, room: route },
    verifyToken: () => ({ ok: true, claims: { room: 'r1', role: 'viewer', sub: 'v1', exp: 2 ** 40 } }),
    allowCommand: () => true,
  } as unknown as RoomsApiDeps;
}

const request = (body: Buffer, contentType: string | undefined = 'application/json'): ApiRequest => ({
  method: 'POST',
  path: '/api/rooms/r1/commands',
  params: ['r1'],
  query: new URLSearchParams(),
  authorization: 'Bearer token',
  contentType,
  host: undefined,
  body,
});
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const vote = { type: 'vote', option: 'a' };
const answering = (result: CommandResult) => deps(() => Promise.resolve({ command: () => Promise.resolve(result) }));

describe('POST /api/rooms/:id/commands', () => {
  it('answers {ok, id, version}, with data only when the command returned some', async () => {
    const plain: ApiResponse = await postCommand(answering({ ok: true, version: 7 }))(request(json({ id: 'c1', cmd: vote })));
    expect(plain).toEqual({ status: 200, body: { ok: true, id: 'c1', version: 7 } });
    expect(Object.keys(plain.body as object)).toEqual(['ok', 'id', 'version']);
    const withData = await postCommand(answering({ ok: true, version: 8, data: { n: 1 } }))(request(json({ id: 'c2', cmd: vote })));
    expect(withData).toEqual({ status: 200, body: { ok: true, id: 'c2', version: 8, data: { n: 1 } } });
  });

  it('names a command posted without an id, and answers a refusal with its status', async () => {
    const generated = await postCommand(answering({ ok: true, version: 1 }))(request(json({ cmd: vote })));
    expect((generated.body as { id: string }).id).toMatch(/^http-.+-[0-9a-z]+$/);
    const refused = await postCommand(answering({ ok: false, code: 'bad-state', message: 'voting is closed' }))(request(json({ id: 'c3', cmd: vote })));
    expect(refused).toEqual({ status: 409, body: { error: { code: 'bad-state', message: 'voting is closed', id: 'c3' } } });
  });

  it('answers 409 unavailable when the route or the command rejects, or there is no route', async () => {
    const unavailable = { status: 409, body: { error: { code: 'bad-state', message: 'the room is unavailable', id: 'c4' } } };
    const body = json({ id: 'c4', cmd: vote });
    expect(await postCommand(deps(() => Promise.reject(new Error('between owners'))))(request(body))).toEqual(unavailable);
    expect(await postCommand(deps(() => Promise.resolve(undefined)))(request(body))).toEqual(unavailable);
    expect(await postCommand(deps(() => Promise.resolve({ command: () => Promise.reject(new Error('append failed')) })))(request(body))).toEqual(unavailable);
  });

  it('lets a synchronous throw from the route or the command escape as a handler bug (a 500)', async () => {
    const body = json({ id: 'c5', cmd: vote });
    const throwing = (): never => {
      throw new Error('bug');
    };
    await expect(postCommand(deps(throwing))(request(body))).rejects.toThrow('bug');
    await expect(postCommand(deps(() => Promise.resolve({ command: throwing })))(request(body))).rejects.toThrow('bug');
  });

  it('answers 404 for an unknown room and 503 when it cannot be opened', async () => {
    const body = json({ id: 'c6', cmd: vote });
    expect((await postCommand(deps(() => Promise.resolve(undefined), () => Promise.resolve(undefined)))(request(body))).status).toBe(404);
    expect((await postCommand(deps(() => Promise.resolve(undefined), () => Promise.reject(new Error('unreadable'))))(request(body))).status).toBe(503);
  });

  it('reads msgpack for either type name in any case, and JSON otherwise', async () => {
    const packed = Buffer.from(encode({ id: 'c7', cmd: vote }));
    for (const type of ['application/msgpack', 'APPLICATION/X-MSGPACK; charset=binary', 'application/x-msgpack']) {
      expect((await postCommand(answering({ ok: true, version: 2 }))(request(packed, type))).status).toBe(200);
    }
    for (const type of [undefined, 'application/json', 'text/plain', 'x-application/msgpack']) {
      expect((await postCommand(answering({ ok: true, version: 3 }))(request(json({ id: 'c8', cmd: vote }), type))).status).toBe(200);
      expect((await postCommand(answering({ ok: true, version: 3 }))(request(packed, type))).status).toBe(400);
    }
  });
});
