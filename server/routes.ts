/**
 * The feature route modules a default server registers, in order. To add a
 * feature, write `registerX(app, ctx)` (see server-context.ts) and add it here.
 * OPTIONS preflights and the 404 fallback are added by createServer itself.
 */
import type { RouteRegistrar } from './server-context.ts';
import { registerHealthz } from './health/healthz-route.ts';
import { registerMedia } from './media/media-route.ts';
import { registerUploads } from './uploads/register-uploads.ts';
import { registerRooms } from './rooms/register-rooms.ts';
import { registerMetricsRoute } from './metrics/metrics-route.ts';
import { registerPlayer } from './player/player-route.ts';

export const defaultRoutes: readonly RouteRegistrar[] = [registerHealthz, registerMetricsRoute, registerMedia, registerUploads, registerRooms, registerPlayer];
