import { diffStories } from '../../engine/story-diff.ts';
import type { Story } from '../../engine/index.ts';
import type { ApiHandler } from './api-handler.ts';
import { apiError } from './api-error.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';
import { describeVersion, etag, readableStory } from './studio-answers.ts';

const noVersion = { status: 404, body: apiError('not-found', 'no such version of this story') };

/** GET /api/stories/:id/versions: the story's history, newest first. */
export const listVersions = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const id = request.params[0] ?? '';
  const readable = await readableStory(deps, request, id);
  if ('answer' in readable) return readable.answer;
  const history = (await deps.library.history(id)) ?? [];
  return { status: 200, headers: [etag(readable.entry.version)], body: await Promise.all(history.map((v) => describeVersion(deps, v))) };
};

/** GET /api/stories/:id/versions/:version: that version's JSON, exactly as it was saved. */
export const getVersion = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const [id = '', version = ''] = request.params;
  const readable = await readableStory(deps, request, id);
  if ('answer' in readable) return readable.answer;
  const text = await deps.library.versionText(id, version);
  if (text === undefined) return noVersion;
  return { status: 200, headers: [etag(version)], contentType: 'application/json; charset=utf-8', body: Buffer.from(text, 'utf8') };
};

/** GET /api/stories/:id/versions/:version/diff?to=<version|current>: what changed from that version to the other (engine/story-diff.ts). */
export const diffVersions = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const [id = '', version = ''] = request.params;
  const readable = await readableStory(deps, request, id);
  if ('answer' in readable) return readable.answer;
  const toParam = request.query.get('to') ?? 'current';
  const to = toParam === 'current' ? readable.entry.version : toParam;
  const [fromText, toText] = await Promise.all([deps.library.versionText(id, version), deps.library.versionText(id, to)]);
  if (fromText === undefined || toText === undefined) return noVersion;
  // Every stored text validated when it was saved, so it parses to a story.
  const diff = diffStories(JSON.parse(fromText) as Story, JSON.parse(toText) as Story);
  return { status: 200, body: { from: version, to, ...diff } };
};
