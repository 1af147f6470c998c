import { createAnalyticsReplay, toCsv, toNdjson, toXapi } from '../../engine/analytics/index.ts';
import type { ApiHandler, ApiResponse } from './api-handler.ts';
import { openRoom } from './open-room.ts';
import { apiError } from './api-error.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';
import { claimsFor } from './rooms-handlers.ts';
import { unauthorizedRoom } from './stories-handlers.ts';

const FORMATS = ['json', 'csv', 'ndjson', 'xapi'] as const;
type Format = (typeof FORMATS)[number];

/**
 * GET /api/rooms/:id/analytics[?format=json|csv|ndjson|xapi]: the room's
 * analytics, replayed from its durable log (so closed and recovered rooms
 * answer too). For the operator or the room's host; viewers get 403.
 */
export const getAnalytics = (deps: RoomsApiDeps): ApiHandler => async (request) => {
  const id = request.params[0] ?? '';
  const opened = await openRoom(deps, id);
  if ('answer' in opened) return opened.answer;
  const format = request.query.get('format') ?? 'json';
  if (!isFormat(format)) return { status: 400, body: apiError('invalid', `format must be one of ${FORMATS.join(', ')}`) };
  if (!deps.isAdmin(request.authorization)) {
    const claims = claimsFor(deps, request, id);
    if (!claims) return unauthorizedRoom;
    if (claims.role !== 'host') return { status: 403, body: apiError('not-allowed', "analytics are for the room's host and the operator") };
  }

  // Streams the log through the replay: memory grows with interactions, not with ticks.
  const replay = createAnalyticsReplay();
  for await (const entry of deps.rooms.readLog(id)) replay.add(entry);
  const analytics = replay.result();

  switch (format) {
    case 'json':
      return { status: 200, body: analytics };
    case 'xapi':
      return { status: 200, body: toXapi(analytics, { baseUrl: deps.baseUrl(request.host) }) };
    case 'csv':
      return text(toCsv(analytics), 'text/csv; charset=utf-8', [['Content-Disposition', `attachment; filename="room-${id.replace(/[^A-Za-z0-9_-]/g, '_')}.csv"`]]);
    case 'ndjson':
      return text(toNdjson(analytics), 'application/x-ndjson');
  }
};

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

function text(body: string, contentType: string, headers: Array<[string, string]> = []): ApiResponse {
  return { status: 200, body: Buffer.from(body, 'utf8'), contentType, headers };
}
