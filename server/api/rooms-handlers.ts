import { randomBytes } from 'node:crypto';
import { decodeWireValue } from '../../engine/protocol/wire-value.ts';
import { parseCommand, storyVersion, WIRE_LIMITS, type CommandResult } from '../../engine/index.ts';
import type { LiveRoom } from '../rooms/live-room.ts';
import type { RoomCommands } from '../rooms/room-directory.ts';
import type { RoomClaims } from '../ws/room-socket.ts';
import type { ApiHandler, ApiRequest } from './api-handler.ts';
import { apiError, ERROR_STATUS } from './api-error.ts';
import { openRoom, roomNotFound, roomUnavailable } from './open-room.ts';
import { bearer, type RoomsApiDeps } from './rooms-api-deps.ts';
import { unauthorized, unauthorizedRoom } from './stories-handlers.ts';

/**
 * Ids for commands posted without one: a random per-process prefix plus a
 * counter is as unique as fresh random bytes per request, and costs no
 * crypto call on the hot path.
 */
const generatedIdPrefix = `http-${randomBytes(9).toString('base64url')}-`;
let generatedIds = 0;

function issue(deps: RoomsApiDeps, room: string, role: RoomClaims['role'], sub: string): string {
  return deps.signToken({ room, role, sub, exp: Math.floor(deps.now() / 1000) + deps.tokenTtlSeconds });
}

/** The verified claims of the request's token, if it is a valid token for `room`. */
function claimsFor(deps: RoomsApiDeps, request: ApiRequest, room: string): RoomClaims | undefined {
  const token = bearer(request.authorization);
  if (!token) return undefined;
  const verified = deps.verifyToken(token);
  return verified.ok && verified.claims.room === room ? verified.claims : undefined;
}

function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString()); // utf8; without the argument Buffer skips its encoding lookup
  } catch {
    return undefined;
  }
}

/**
 * POST /api/rooms {"story": ID} → {id, hostToken, joinUrl, storyVersion}. The
 * room keeps the story's current version for good: its log holds the whole
 * story, so later saves and restarts leave it playing what it started with.
 */
export const createRoom = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  if (!deps.isAdmin(request.authorization)) {
    const principal = await deps.principal(request.authorization);
    return principal.kind === 'author' ? { status: 403, body: apiError('forbidden', 'author keys cannot run rooms: ask the operator') } : unauthorized;
  }
  const body = parseJsonBody(request.body) as { story?: unknown } | undefined;
  if (typeof body?.story !== 'string') return { status: 400, body: apiError('invalid', 'expected JSON {"story": "<story id>"}') };
  const entry = await deps.library.find(body.story);
  if (!entry) return { status: 404, body: apiError('not-found', `no story '${body.story}'`) };
  const room = await deps.rooms.create(entry.story);
  const base = deps.baseUrl(request.host);
  return {
    status: 201,
    headers: [['Location', `/api/rooms/${room.id}`]],
    body: {
      id: room.id,
      story: entry.story.id,
      storyVersion: entry.version,
      hostToken: issue(deps, room.id, 'host', `host-${randomBytes(6).toString('base64url')}`),
      joinUrl: `${base}/watch/${room.id}`,
      hostUrl: `${base}/host/${room.id}`,
      wsUrl: `${base.replace(/^http/, 'ws')}/ws`,
    },
  };
};

/** GET /api/rooms/:id: the room snapshot, for the operator or anyone holding a token for the room. */
export const getRoom = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const id = request.params[0] ?? '';
  const opened = await openRoom(deps, id);
  if ('answer' in opened) return opened.answer;
  const room = opened.room;
  if (!deps.isAdmin(request.authorization) && !claimsFor(deps, request, id)) return unauthorizedRoom;
  return { status: 200, body: await room.snapshot() };
};

/**
 * GET /api/rooms/:id/story: the story the room plays, with its version as the
 * ETag. The room's log holds the whole story, so this is the version it was
 * created with, whatever was saved since (and across restarts).
 */
export const getRoomStory = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const id = request.params[0] ?? '';
  const opened = await openRoom(deps, id);
  if ('answer' in opened) return opened.answer;
  if (!deps.isAdmin(request.authorization) && !claimsFor(deps, request, id)) return unauthorizedRoom;
  return { status: 200, headers: [['ETag', `"${storyVersion(opened.room.story)}"`]], body: opened.room.story };
};

/** DELETE /api/rooms/:id: closes the room (operator or the room's host). */
export const deleteRoom = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const id = request.params[0] ?? '';
  const opened = await openRoom(deps, id);
  if ('answer' in opened) return opened.answer;
  const claims = claimsFor(deps, request, id);
  if (!deps.isAdmin(request.authorization) && claims?.role !== 'host') return unauthorizedRoom;
  // The `closed` event ends the room's sockets on every node (LiveRoom's onClosed), so nothing more here.
  await deps.rooms.close(id);
  return { status: 204 };
};

/** POST /api/rooms/:id/viewers → {viewerId, token}: each viewer gets their own signed, expiring identity. */
export const createViewer = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const id = request.params[0] ?? '';
  const opened = await openRoom(deps, id);
  if ('answer' in opened) return opened.answer;
  const room = opened.room;
  if (room.closed) return { status: 410, body: apiError('closed', 'the room is closed') };
  const viewerId = `v-${randomBytes(9).toString('base64url')}`;
  return { status: 201, body: { viewerId, token: issue(deps, id, 'viewer', viewerId), expiresIn: deps.tokenTtlSeconds } };
};

const MSGPACK_TYPE = /^application\/(x-)?msgpack/i;

/** Whether a command body is msgpack (either type name, any case); the usual JSON answers without the regex. */
function isMsgpack(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType !== 'application/json' && MSGPACK_TYPE.test(contentType);
}

/**
 * POST /api/rooms/:id/commands: the same commands as the WebSocket, for TV
 * remotes, SMS gateways and webhooks. Body `{id?, cmd}` as JSON or msgpack;
 * answers after the command is durable. The hottest API route (votes): it
 * awaits the directory's promises directly, not through openRoom and .catch
 * wrappers (each one more promise per request), with the same answers.
 */
export const postCommand = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const roomId = request.params[0] ?? '';
  let room: LiveRoom | undefined;
  try {
    room = await deps.rooms.open(roomId);
  } catch {
    return roomUnavailable;
  }
  if (!room) return roomNotFound;
  const claims = claimsFor(deps, request, roomId);
  if (!claims) return unauthorizedRoom;
  let body: unknown;
  if (isMsgpack(request.contentType)) {
    // The socket's strict decoder, not msgpackr's: this body is as hostile as any client frame
    // (msgpackr would build cycles, Sets, typed arrays and huge BigInts from its own extensions).
    const decoded = decodeWireValue(request.body);
    if (!decoded.ok) return { status: 400, body: apiError('invalid', decoded.reason) };
    body = decoded.value;
  } else {
    body = parseJsonBody(request.body);
  }
  if (typeof body !== 'object' || body === null) return { status: 400, body: apiError('invalid', 'expected a JSON or msgpack body {"id": "...", "cmd": {...}}') };
  const raw = body as { id?: unknown; cmd?: unknown };
  const cmd = parseCommand(raw.cmd);
  if (typeof cmd === 'string') return { status: 400, body: apiError('invalid', cmd) };
  const id = raw.id === undefined ? `${generatedIdPrefix}${(generatedIds += 1).toString(36)}` : raw.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > WIRE_LIMITS.maxIdLength) return { status: 400, body: apiError('invalid', `id must be a string of 1-${WIRE_LIMITS.maxIdLength} characters`) };
  if (!deps.allowCommand(claims.sub)) return { status: 429, body: apiError('rate-limited', 'too many commands') };
  // To the owner by the router (in a cluster: here or forwarded). A rejection is the room's log failing
  // (in a cluster: the room is between owners), not a refusal: the socket answers it bad-state
  // "the room is unavailable", and so does HTTP (it was a 500).
  // A synchronous throw from room() or command() is still a handler bug (500), as it was with .catch.
  const routing = deps.rooms.room(room.id);
  let route: RoomCommands | undefined;
  try {
    route = await routing;
  } catch {
    route = undefined;
  }
  const pending = route?.command({ sub: claims.sub, role: claims.role }, id, cmd);
  let result: CommandResult | undefined;
  try {
    result = await pending;
  } catch {
    result = undefined;
  }
  if (result === undefined) return { status: ERROR_STATUS['bad-state'], body: apiError('bad-state', 'the room is unavailable', { id }) };
  if (!result.ok) return { status: ERROR_STATUS[result.code], body: apiError(result.code, result.message, { id }) };
  return { status: 200, body: result.data ? { ok: true, id, version: result.version, data: result.data } : { ok: true, id, version: result.version } };
};
export { claimsFor };
