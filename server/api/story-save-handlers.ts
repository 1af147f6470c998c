import type { ApiHandler, ApiRequest } from './api-handler.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';
import { needKey, noStory, readableStory, saveAnswer } from './studio-answers.ts';

const conditions = (request: ApiRequest) => ({ ifMatch: request.ifMatch, ifNoneMatch: request.ifNoneMatch, requireCondition: true });

/**
 * PUT /api/stories/:id: saves the body as a new version of story `id`
 * (docs/studio-api.md). Replacing needs `If-Match: "<etag>"` (412 when stale,
 * 428 when missing, `*` overwrites); `If-None-Match: *` creates only if the id is free.
 */
export const putStory = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const principal = await deps.principal(request.authorization);
  if (principal.kind !== 'operator' && principal.kind !== 'author') return needKey();
  const outcome = await deps.library.save(request.body.toString('utf8'), { by: principal, id: request.params[0] ?? '', conditions: conditions(request) });
  return saveAnswer(deps, principal, outcome);
};

/** POST /api/stories/:id/versions/:version/restore: a new version equal to that one, under the same If-Match rules as PUT. */
export const restoreVersion = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const [id = '', version = ''] = request.params;
  const principal = await deps.principal(request.authorization);
  if (principal.kind !== 'operator' && principal.kind !== 'author') return needKey();
  const readable = await readableStory(deps, request, id);
  if ('answer' in readable) return readable.answer;
  const text = await deps.library.versionText(id, version);
  if (text === undefined) return noStory;
  return saveAnswer(deps, principal, await deps.library.save(text, { by: principal, id, conditions: conditions(request) }));
};
