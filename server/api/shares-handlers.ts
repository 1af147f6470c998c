import type { ApiHandler, ApiResponse } from './api-handler.ts';
import { apiError } from './api-error.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';
import { readableStory, refuse } from './studio-answers.ts';

function parseAuthor(body: Buffer): string | undefined {
  try {
    const value = JSON.parse(body.toString('utf8')) as { author?: unknown } | null;
    return typeof value?.author === 'string' && value.author.length <= 64 ? value.author : undefined;
  } catch {
    return undefined;
  }
}

/** Shares or unshares story `id` with `author`, for the story's owner or the operator. */
async function changeShare(deps: RoomsApiDeps, request: Parameters<ApiHandler>[0], id: string, author: string, shared: boolean): Promise<ApiResponse> {
  const readable = await readableStory(deps, request, id);
  if ('answer' in readable) return readable.answer;
  const target = shared ? await deps.authors.get(author) : undefined;
  if (shared && (target === undefined || target.revokedAt !== undefined)) return { status: 404, body: apiError('not-found', 'no such active author') };
  const outcome = await deps.library.share(id, readable.principal, author, shared);
  if (outcome.ok) return { status: 200, body: { id, owner: readable.entry.owner, shares: outcome.shares } };
  return outcome.reason === 'forbidden' ? refuse(readable.principal, "only the story's owner or the operator shares it") : { status: 404, body: apiError('not-found', 'no such story') };
}

/** POST /api/stories/:id/shares {author}: lets that author see and save the story. */
export const postShare = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const author = parseAuthor(request.body);
  if (author === undefined) return { status: 400, body: apiError('invalid', 'expected JSON {"author": "<author id>"}') };
  return changeShare(deps, request, request.params[0] ?? '', author, true);
};

/** DELETE /api/stories/:id/shares/:author. */
export const deleteShare = (deps: RoomsApiDeps): ApiHandler => async (request) => changeShare(deps, request, request.params[0] ?? '', request.params[1] ?? '', false);
