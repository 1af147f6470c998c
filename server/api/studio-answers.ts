import type { Principal } from '../auth/principal.ts';
import type { SaveOutcome, StoryEntry } from '../rooms/story-library.ts';
import { canRead } from '../stories/story-access.ts';
import type { VersionInfo } from '../stories/story-version-store.ts';
import type { ApiRequest, ApiResponse } from './api-handler.ts';
import { apiError } from './api-error.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';

const BEARER: Array<[string, string]> = [['WWW-Authenticate', 'Bearer']];

/** 401: no key, or one that is neither the operator's nor an author's. */
export const needKey = (what = 'the operator key or an author key'): ApiResponse => ({ status: 401, headers: BEARER, body: apiError('unauthorized', `${what} required: Authorization: Bearer KEY`) });

/** 403: a valid key without the right. */
export const forbidden = (message: string): ApiResponse => ({ status: 403, body: apiError('forbidden', message) });

export const noStory: ApiResponse = { status: 404, body: apiError('not-found', 'no such story') };

/** The story's ETag header: its version, quoted (a strong tag). */
export const etag = (version: string): [string, string] => ['ETag', `"${version}"`];

/** 401 for a request without a usable key, else 403 with `message`. */
export const refuse = (principal: Principal, message: string): ApiResponse => (principal.kind === 'operator' || principal.kind === 'author' ? forbidden(message) : needKey());

/**
 * The story `id` if the request may read it. Another author's story is 403
 * for an author key and 404 without one, as if it did not exist (the public
 * cannot tell an author's draft from a missing story).
 */
export async function readableStory(deps: RoomsApiDeps, request: ApiRequest, id: string): Promise<{ entry: StoryEntry; principal: Principal } | { answer: ApiResponse }> {
  const [principal, entry] = await Promise.all([deps.principal(request.authorization), deps.library.find(id)]);
  if (entry === undefined) return { answer: noStory };
  if (canRead(principal, entry)) return { entry, principal };
  return { answer: principal.kind === 'author' ? forbidden('this story belongs to another author and is not shared with you') : noStory };
}

/** A version as the API shows it: savedAt as an ISO date, and the author's name when known. */
export async function describeVersion(deps: RoomsApiDeps, version: VersionInfo): Promise<Record<string, unknown>> {
  const author = version.savedBy.startsWith('au-') ? await deps.authors.get(version.savedBy) : undefined;
  return {
    version: version.version,
    savedAt: version.savedAt === null ? null : new Date(version.savedAt).toISOString(),
    savedBy: version.savedBy,
    ...(author ? { savedByName: author.name } : {}),
    title: version.title,
    nodes: version.nodes,
  };
}

/** The answer to a save (PUT, POST, restore), successful or not. */
export async function saveAnswer(deps: RoomsApiDeps, principal: Principal, outcome: SaveOutcome): Promise<ApiResponse> {
  if (outcome.ok) {
    const { entry } = outcome;
    return {
      status: outcome.created ? 201 : 200,
      headers: [['Location', `/api/stories/${entry.story.id}`], etag(entry.version)],
      body: { id: entry.story.id, title: entry.story.title, version: entry.version, diagnostics: outcome.diagnostics },
    };
  }
  switch (outcome.reason) {
    case 'invalid':
      return { status: 400, body: apiError('invalid-story', 'the story has errors', { diagnostics: outcome.diagnostics }) };
    case 'id-mismatch':
      return { status: 400, body: apiError('invalid', `the story's id '${outcome.id}' is not the id in the path`) };
    case 'forbidden':
      return refuse(principal, 'this story is not yours to change (it belongs to the operator or another author, and is not shared with you)');
    default: {
      const current = await describeVersion(deps, outcome.current);
      const who = `${String(current.savedByName ?? current.savedBy)}${current.savedAt === null ? '' : ` at ${String(current.savedAt)}`}`;
      const [status, code, message] =
        outcome.reason === 'precondition-failed'
          ? [412, 'precondition-failed', `the story is not at the version you named: its current version "${outcome.current.version}" was saved by ${who} (with If-None-Match: *, the id is taken); load it, merge, and save with If-Match: "${outcome.current.version}"`]
          : [428, 'precondition-required', `the story exists: save with If-Match: "<the ETag you loaded>" (its current one is "${outcome.current.version}", saved by ${who}), or If-Match: * to overwrite`];
      return { status, headers: [etag(outcome.current.version)], body: apiError(code, message, { current }) };
    }
  }
}
