import { canRead, canShare, canWrite } from '../stories/story-access.ts';
import { defaultText } from '../../engine/text.ts';
import type { ApiHandler } from './api-handler.ts';
import { apiError } from './api-error.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';
import { etag, readableStory, refuse, saveAnswer } from './studio-answers.ts';

const unauthorized = { status: 401, headers: [['WWW-Authenticate', 'Bearer']] as Array<[string, string]>, body: apiError('unauthorized', 'operator key required: Authorization: Bearer KEY') };
/** For endpoints where a token for the room also suffices. */
const unauthorizedRoom = { ...unauthorized, body: apiError('unauthorized', 'a token for this room (or the operator key) is required: Authorization: Bearer TOKEN') };

/**
 * POST /api/stories: validate and store as a new version, unconditionally
 * (the operator's create-or-replace; authors save with PUT and If-Match);
 * 400 with the diagnostics when invalid.
 */
export const postStory = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const principal = await deps.principal(request.authorization);
  if (principal.kind !== 'operator') return principal.kind === 'author' ? refuse(principal, 'POST /api/stories replaces unconditionally and is for the operator: save with PUT /api/stories/:id and If-Match') : unauthorized;
  return saveAnswer(deps, principal, await deps.library.put(request.body.toString('utf8')));
};

/** GET /api/stories: a summary of every story the caller may read (an author key: its own, shared and the operator's). */
export const listStories = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const principal = await deps.principal(request.authorization);
  return {
    status: 200,
    body: (await deps.library.listAll())
      .filter((entry) => canRead(principal, entry))
      .map((entry) => ({
        id: entry.story.id,
        title: defaultText(entry.story.title, entry.story),
        ...(entry.story.description === undefined ? {} : { description: defaultText(entry.story.description, entry.story) }),
        source: entry.source,
        nodes: Object.keys(entry.story.nodes).length,
        version: entry.version,
        owner: entry.owner,
        ...(canShare(principal, entry) ? { shares: entry.shares } : {}),
        editable: canWrite(principal, entry),
      })),
  };
};

/** GET /api/stories/:id: the story itself; its ETag is its storyVersion (engine/solo/story-version.ts), what solo plays and saves are labelled with, and what PUT's If-Match names. */
export const getStory = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const readable = await readableStory(deps, request, request.params[0] ?? '');
  if ('answer' in readable) return readable.answer;
  return { status: 200, headers: [etag(readable.entry.version)], body: readable.entry.story };
};

export { unauthorized, unauthorizedRoom };
