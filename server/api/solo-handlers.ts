import { randomBytes } from 'node:crypto';
import { saveEtag } from '../saves/save-service.ts';
import { SAVE_LIMITS } from '../saves/save-store.ts';
import type { ApiHandler, ApiRequest, ApiResponse } from './api-handler.ts';
import { apiError } from './api-error.ts';
import { bearer } from './rooms-api-deps.ts';
import { soloTokenRoom, type SoloApiDeps } from './solo-api-deps.ts';

const noStory: ApiResponse = { status: 404, body: apiError('not-found', 'no such story') };
const unauthorizedSolo: ApiResponse = {
  status: 401,
  headers: [['WWW-Authenticate', 'Bearer']],
  body: apiError('unauthorized', 'a solo viewer token for this story is required (POST /api/stories/:id/viewers): Authorization: Bearer TOKEN'),
};

/** POST /api/stories/:id/viewers → 201 {viewerId, token, expiresIn}: a fresh solo identity, for saving on the server. */
export const createSoloViewer = (deps: SoloApiDeps): ApiHandler => async (request) => {
  const entry = await deps.library.find(request.params[0] ?? '');
  if (!entry) return noStory;
  const viewerId = `solo-${randomBytes(12).toString('base64url')}`;
  const token = deps.signToken({ room: soloTokenRoom(entry.story.id), role: 'viewer', sub: viewerId, exp: Math.floor(deps.now() / 1000) + deps.tokenTtlSeconds });
  return { status: 201, body: { viewerId, token, expiresIn: deps.tokenTtlSeconds } };
};

/** The viewer id of a valid solo token for this story, if the request carries one. */
function soloViewer(deps: SoloApiDeps, request: ApiRequest, story: string): string | undefined {
  const token = bearer(request.authorization);
  if (!token) return undefined;
  const verified = deps.verifyToken(token);
  return verified.ok && verified.claims.room === soloTokenRoom(story) && verified.claims.role === 'viewer' ? verified.claims.sub : undefined;
}

/**
 * PUT /api/stories/:id/save: stores the viewer's saved form (a JSON object
 * with a string `storyVersion` and an array `log`, at most 256 KiB), opaque
 * otherwise. If-Match makes it conditional (412 when the save changed). 200
 * or 201 {etag} with an ETag header, once durable.
 */
export const putSave = (deps: SoloApiDeps): ApiHandler => async (request) => {
  const story = request.params[0] ?? '';
  const viewer = soloViewer(deps, request, story);
  if (!viewer) return unauthorizedSolo;
  if (!(await deps.library.find(story))) return noStory;
  const problem = saveProblem(request.body);
  if (problem) return { status: 400, body: apiError('invalid', problem) };
  const result = await deps.saves.put(story, viewer, request.body, request.ifMatch);
  if (!result.ok) return { status: 412, headers: result.etag ? [['ETag', result.etag]] : [], body: apiError('precondition-failed', 'the save changed since it was read (If-Match); GET it again', { etag: result.etag ?? null }) };
  return { status: result.created ? 201 : 200, headers: [['ETag', result.etag]], body: { etag: result.etag } };
};

/** GET /api/stories/:id/save: the viewer's saved form as stored, with its ETag; 404 `no-save` before the first PUT. */
export const getSave = (deps: SoloApiDeps): ApiHandler => async (request) => {
  const story = request.params[0] ?? '';
  const viewer = soloViewer(deps, request, story);
  if (!viewer) return unauthorizedSolo;
  const bytes = await deps.saves.get(story, viewer);
  if (!bytes) return { status: 404, body: apiError('no-save', 'nothing saved yet for this viewer and story') };
  return { status: 200, body: bytes, contentType: 'application/json', headers: [['ETag', saveEtag(bytes)]] };
};

function saveProblem(body: Buffer): string | undefined {
  if (body.length > SAVE_LIMITS.maxBytes) return `a save is at most ${SAVE_LIMITS.maxBytes} bytes`;
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return 'the save must be JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the save must be a JSON object {storyVersion, log, ...}';
  const { storyVersion, log } = value as Record<string, unknown>;
  if (typeof storyVersion !== 'string') return 'storyVersion must be a string';
  if (!Array.isArray(log)) return 'log must be an array';
  return undefined;
}
