import { join } from 'node:path';
import { createFilePlayStore } from '../plays/file-play-store.ts';
import { createPlayIngest } from '../plays/play-ingest.ts';
import { PLAY_LIMITS } from '../plays/play-limits.ts';
import { createFileSaveStore } from '../saves/file-save-store.ts';
import { createSaveService } from '../saves/save-service.ts';
import { SAVE_LIMITS } from '../saves/save-store.ts';
import type { ServerContext } from '../server-context.ts';
import type { TemplatedApp } from '../uws.ts';
import { mountApi } from './api-handler.ts';
import { getConfig, postPlay } from './plays-handlers.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';
import { createSoloViewer, getSave, putSave } from './solo-handlers.ts';
import type { SoloApiDeps } from './solo-api-deps.ts';
import { getStoryAnalytics } from './story-analytics-handler.ts';

/**
 * Solo viewing's server side (docs/solo.md): play analytics, the story-wide
 * analytics export, solo viewer tokens and saves, on deps that are already
 * open (compose.ts opens them with the rooms backend).
 */
export function mountSoloApi(app: TemplatedApp, ctx: ServerContext, deps: SoloApiDeps): void {
  mountApi(app, ctx, 'get', '/api/config', 0, getConfig(deps));
  mountApi(app, ctx, 'post', '/api/stories/:id/plays', 1, postPlay(deps), { maxBody: PLAY_LIMITS.maxBatchBytes });
  mountApi(app, ctx, 'get', '/api/stories/:id/analytics', 1, getStoryAnalytics(deps));
  mountApi(app, ctx, 'post', '/api/stories/:id/viewers', 1, createSoloViewer(deps), { maxBody: 64 * 1024 });
  mountApi(app, ctx, 'put', '/api/stories/:id/save', 1, putSave(deps), { maxBody: SAVE_LIMITS.maxBytes });
  mountApi(app, ctx, 'get', '/api/stories/:id/save', 1, getSave(deps));
}

/**
 * The solo stores on this node's data directory: `plays/` and `saves/`. In
 * cluster mode too (docs/solo.md): a node keeps the plays and saves it received.
 */
export function openSoloDeps(ctx: ServerContext, rooms: RoomsApiDeps): SoloApiDeps {
  const plays = createFilePlayStore(join(ctx.config.dataDir, 'plays'));
  return {
    ...rooms,
    plays,
    ingest: createPlayIngest(plays, ctx.now),
    saves: createSaveService(createFileSaveStore(join(ctx.config.dataDir, 'saves'))),
    playAnalytics: ctx.config.playAnalytics,
  };
}
