/**
 * Regression (found by test/fuzz/cluster.fuzz.test.ts): when a room exists
 * but cannot be loaded (its log cannot be read, or in a cluster its owner's
 * append failed and it is between owners), the rooms API answered 500
 * `internal`, as for a server bug. The socket already treats both as "retry":
 * a command gets bad-state "the room is unavailable", a join 1001. HTTP now
 * says the same: a command 409 bad-state, a room that cannot be opened 503.
 */
import { describe, expect, it } from 'vitest';
import type { LiveRoom } from '../rooms/live-room.ts';
import type { ApiRequest, ApiResponse } from './api-handler.ts';
import { getAnalytics } from './analytics-handler.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';
import { createViewer, deleteRoom, getRoom, postCommand } from './rooms-handlers.ts';

function deps(open: () => Promise<LiveRoom | undefined>): RoomsApiDeps {
  return {
    library: {} as RoomsApiDeps['library'],
    rooms: { open, room: open } as unknown as RoomsApiDeps['rooms'],
    signToken: () => 'token',
    verifyToken: () => ({ ok: true, claims: { room: 'r1', role: 'host', sub: 'h', exp: 2 ** 40 } }),
    isAdmin: () => true,
    principal: async () => ({ kind: 'operator' }),
    authors: {} as RoomsApiDeps['authors'],
    now: () => 0,
    tokenTtlSeconds: 60,
    baseUrl: () => 'http://127.0.0.1',
    allowCommand: () => true,
  };
}

const request = (body: unknown = {}): ApiRequest => ({
  method: 'POST',
  path: '/api/rooms/r1/commands',
  params: ['r1'],
  query: new URLSearchParams(),
  authorization: 'Bearer token',
  contentType: 'application/json',
  host: undefined,
  body: Buffer.from(JSON.stringify(body)),
});

const code = (response: ApiResponse): unknown => (response.body as { error?: { code?: unknown } } | undefined)?.error?.code;

describe('a room that cannot be loaded right now', () => {
  const failing = deps(() => Promise.reject(new Error('log unreadable: Unknown extension type 32')));

  it.each([
    ['GET /api/rooms/:id', getRoom],
    ['DELETE /api/rooms/:id', deleteRoom],
    ['POST /api/rooms/:id/viewers', createViewer],
    ['POST /api/rooms/:id/commands', postCommand],
    ['GET /api/rooms/:id/analytics', getAnalytics],
  ])('%s answers 503 unavailable with Retry-After, not 500', async (_, handler) => {
    const response = await handler(failing)(request({ cmd: { type: 'play' } }));
    expect(response.status).toBe(503);
    expect(code(response)).toBe('unavailable');
    expect(response.headers).toContainEqual(['Retry-After', '1']);
  });

  it('a command whose room log fails answers 409 bad-state, as on the socket', async () => {
    const room = { command: () => Promise.reject(new Error('log append failed')) } as unknown as LiveRoom;
    const response = await postCommand(deps(() => Promise.resolve(room)))(request({ id: 'c1', cmd: { type: 'play' } }));
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: { code: 'bad-state', message: 'the room is unavailable', id: 'c1' } });
  });

  it('an unknown room is still 404', async () => {
    const response = await getRoom(deps(() => Promise.resolve(undefined)))(request());
    expect(response.status).toBe(404);
    expect(code(response)).toBe('not-found');
  });
});
