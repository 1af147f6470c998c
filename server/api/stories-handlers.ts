import { storyVersion } from '../../engine/solo/index.ts';
import type { ApiHandler } from './api-handler.ts';
import { apiError } from './api-error.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';

const unauthorized = { status: 401, headers: [['WWW-Authenticate', 'Bearer']] as Array<[string, string]>, body: apiError('unauthorized', 'operator key required: Authorization: Bearer KEY') };
/** For endpoints where a token for the room also suffices. */
const unauthorizedRoom = { ...unauthorized, body: apiError('unauthorized', 'a token for this room (or the operator key) is required: Authorization: Bearer TOKEN') };

/** POST /api/stories: validate and store; 400 with the diagnostics when invalid. */
export const postStory = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  if (!deps.isAdmin(request.authorization)) return unauthorized;
  const result = await deps.library.put(request.body.toString('utf8'));
  if (!result.ok) return { status: 400, body: apiError('invalid-story', 'the story has errors', { diagnostics: result.diagnostics }) };
  return {
    status: result.created ? 201 : 200,
    headers: [['Location', `/api/stories/${result.story.id}`]],
    body: { id: result.story.id, title: result.story.title, diagnostics: result.diagnostics },
  };
};

/** GET /api/stories: a summary of every story. */
export const listStories = (deps: RoomsApiDeps): ApiHandler => async () => ({
  status: 200,
  body: (await deps.library.listAll()).map(({ story, source }) => ({
    id: story.id,
    title: story.title,
    ...(story.description === undefined ? {} : { description: story.description }),
    source,
    nodes: Object.keys(story.nodes).length,
  })),
});

/** GET /api/stories/:id: the story itself; its ETag is its storyVersion (engine/solo/story-version.ts), what solo plays and saves are labelled with. */
export const getStory = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const entry = await deps.library.find(request.params[0] ?? '');
  return entry ? { status: 200, headers: [['ETag', `"${storyVersion(entry.story)}"`]], body: entry.story } : { status: 404, body: apiError('not-found', 'no such story') };
};

export { unauthorized, unauthorizedRoom };
