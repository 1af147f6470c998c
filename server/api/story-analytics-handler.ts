import { toCsvMany, toNdjson, toXapi, type RoomAnalytics } from '../../engine/analytics/index.ts';
import { soloPlayAnalytics } from '../../engine/solo/index.ts';
import type { ApiHandler, ApiResponse } from './api-handler.ts';
import { apiError } from './api-error.ts';
import type { SoloApiDeps } from './solo-api-deps.ts';
import { unauthorized } from './stories-handlers.ts';

const FORMATS = ['json', 'csv', 'ndjson', 'xapi'] as const;
type Format = (typeof FORMATS)[number];

interface PlaySummary {
  play: string;
  storyVersion: string;
  receivedAt: number;
  inputs: number;
  analytics: RoomAnalytics;
}

/**
 * GET /api/stories/:id/analytics[?format=json|csv|ndjson|xapi] (operator):
 * the story's stored solo plays, each replayed through the room core and the
 * room analytics reducer against the story as it is now, in the formats of
 * room analytics (docs/analytics.md, "Solo plays").
 */
export const getStoryAnalytics = (deps: SoloApiDeps): ApiHandler => async (request) => {
  if (!deps.isAdmin(request.authorization)) return unauthorized;
  const entry = await deps.library.find(request.params[0] ?? '');
  if (!entry) return { status: 404, body: apiError('not-found', 'no such story') };
  const format = request.query.get('format') ?? 'json';
  if (!isFormat(format)) return { status: 400, body: apiError('invalid', `format must be one of ${FORMATS.join(', ')}`) };

  const plays: PlaySummary[] = [];
  for (const id of (await deps.plays.list(entry.story.id)).sort()) {
    const stored = await deps.plays.read(entry.story.id, id);
    if (!stored) continue;
    const { header, inputs } = stored;
    const analytics = soloPlayAnalytics({ play: id, story: entry.story, inputs, clockOffset: header.clockOffset });
    plays.push({ play: id, storyVersion: header.storyVersion, receivedAt: header.receivedAt, inputs: inputs.length, analytics });
  }
  const all = plays.map((p) => p.analytics);
  switch (format) {
    case 'json':
      return { status: 200, body: { story: entry.story.id, plays } };
    case 'xapi':
      return { status: 200, body: all.flatMap((a) => toXapi(a, { baseUrl: deps.baseUrl(request.host) })) };
    case 'csv':
      return text(toCsvMany(all), 'text/csv; charset=utf-8', [['Content-Disposition', `attachment; filename="story-${entry.story.id}-plays.csv"`]]);
    case 'ndjson':
      return text(all.map(toNdjson).join(''), 'application/x-ndjson');
  }
};

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

function text(body: string, contentType: string, headers: Array<[string, string]> = []): ApiResponse {
  return { status: 200, body: Buffer.from(body, 'utf8'), contentType, headers };
}
