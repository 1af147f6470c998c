import type { Author } from '../authors/author-registry.ts';
import type { ApiHandler, ApiRequest, ApiResponse } from './api-handler.ts';
import { apiError } from './api-error.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';
import { refuse } from './studio-answers.ts';

/** Author names: 1-100 characters once trimmed, no control characters. */
const NAME = /^[^\p{Cc}]{1,100}$/u;

/** Undefined when the request carries the operator key, else the 401/403 answer. */
async function operatorOnly(deps: RoomsApiDeps, request: ApiRequest): Promise<ApiResponse | undefined> {
  const principal = await deps.principal(request.authorization);
  return principal.kind === 'operator' ? undefined : refuse(principal, 'only the operator manages authors');
}

/** An author as the API shows it: dates as ISO 8601, never a key or its hash. */
const view = (author: Author): Record<string, unknown> => ({
  id: author.id,
  name: author.name,
  createdAt: new Date(author.createdAt).toISOString(),
  ...(author.revokedAt === undefined ? {} : { revokedAt: new Date(author.revokedAt).toISOString() }),
});

function parseName(body: Buffer): string | undefined {
  try {
    const value = JSON.parse(body.toString('utf8')) as { name?: unknown } | null;
    const name = typeof value?.name === 'string' ? value.name.trim() : undefined;
    return name !== undefined && NAME.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

/** POST /api/authors {name} → 201 {id, name, key, createdAt}: the key is shown this once. */
export const postAuthor = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const refused = await operatorOnly(deps, request);
  if (refused) return refused;
  const name = parseName(request.body);
  if (name === undefined) return { status: 400, body: apiError('invalid', 'expected JSON {"name": "<1-100 characters>"}') };
  const { author, key } = await deps.authors.create(name);
  return { status: 201, headers: [['Location', `/api/authors/${author.id}`]], body: { ...view(author), key } };
};

/** GET /api/authors: every author (revoked ones with `revokedAt`), never a key. */
export const listAuthors = (deps: RoomsApiDeps): ApiHandler => async (request) => (await operatorOnly(deps, request)) ?? { status: 200, body: (await deps.authors.list()).map(view) };

/** DELETE /api/authors/:id: revokes the author's key at once; their stories stay. */
export const deleteAuthor = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const refused = await operatorOnly(deps, request);
  if (refused) return refused;
  return (await deps.authors.revoke(request.params[0] ?? '')) ? { status: 204 } : { status: 404, body: apiError('not-found', 'no such active author') };
};
