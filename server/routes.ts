/**
 * The feature route modules a default server mounts, in order, around the
 * rooms feature (which compose.ts builds once the rooms backend is open). To
 * add a feature, write `registerX(app, ctx)` (see server-context.ts) and add
 * it here. OPTIONS preflights and the 404 fallback are added by compose.ts.
 */
import type { RouteRegistrar } from './server-context.ts';
import { registerHealthz } from './health/healthz-route.ts';
import { registerMedia } from './media/media-route.ts';
import { registerUploads } from './uploads/register-uploads.ts';
import { registerMetricsRoute } from './metrics/metrics-route.ts';
import { registerPlayer } from './player/player-route.ts';
import { registerOpenApi } from './api/openapi-route.ts';

export function defaultRoutes(rooms: RouteRegistrar): readonly RouteRegistrar[] {
  return [registerHealthz, registerMetricsRoute, registerOpenApi, registerMedia, registerUploads, rooms, registerPlayer];
}
