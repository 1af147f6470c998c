import { PLAY_LIMITS } from '../plays/play-limits.ts';
import { parsePlayBatch } from '../plays/play-batch.ts';
import { SAVE_LIMITS } from '../saves/save-store.ts';
import type { ApiHandler, ApiResponse } from './api-handler.ts';
import { apiError } from './api-error.ts';
import type { SoloApiDeps } from './solo-api-deps.ts';

const noStory: ApiResponse = { status: 404, body: apiError('not-found', 'no such story') };

/**
 * POST /api/stories/:id/plays {play, from, inputs, storyVersion}: one batch of
 * a solo play, for analytics. 202 {stored} once durable; 409 `gap` {stored}
 * when inputs before `from` are missing; 400/413 for bad or oversized batches.
 */
export const postPlay = (deps: SoloApiDeps): ApiHandler => async (request) => {
  if (!deps.playAnalytics) return { status: 403, body: apiError('play-analytics-off', 'this server does not collect solo play analytics (GET /api/config says so)') };
  const entry = await deps.library.find(request.params[0] ?? '');
  if (!entry) return noStory;
  const batch = parsePlayBatch(request.body);
  if ('status' in batch) return { status: batch.status, body: apiError(batch.code, batch.message, batch.index === undefined ? {} : { index: batch.index }) };
  const result = await deps.ingest.ingest(entry.story, batch);
  switch (result.outcome) {
    case 'stored':
      return { status: 202, body: { stored: result.stored } };
    case 'gap':
      return { status: 409, body: apiError('gap', `inputs ${result.stored} to ${batch.from - 1} are missing: send from ${result.stored}`, { stored: result.stored }) };
    case 'refused': {
      const extra = { ...(result.index === undefined ? {} : { index: result.index }), ...(result.stored === undefined ? {} : { stored: result.stored }) };
      return { status: result.status, body: apiError(result.code, result.message, extra) };
    }
  }
};

/** GET /api/config: what a player needs to know before it posts plays or saves. */
export const getConfig = (deps: SoloApiDeps): ApiHandler => () => ({
  status: 200,
  body: {
    playAnalytics: deps.playAnalytics,
    plays: {
      maxBatchBytes: PLAY_LIMITS.maxBatchBytes,
      maxBatchInputs: PLAY_LIMITS.maxBatchInputs,
      maxPlayInputs: PLAY_LIMITS.maxPlayInputs,
      maxPlayBytes: PLAY_LIMITS.maxPlayBytes,
      maxBatchEvents: PLAY_LIMITS.maxBatchEvents,
    },
    saves: { maxBytes: SAVE_LIMITS.maxBytes },
  },
});
