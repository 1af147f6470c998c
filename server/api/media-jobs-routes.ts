import { join } from 'node:path';
import { ffmpegTools } from '../packaging/ffmpeg-tools.ts';
import { FrameCache } from '../media-jobs/frame-cache.ts';
import { FrameExtractor } from '../media-jobs/frame-extractor.ts';
import { mediaJobOptionsFromEnv } from '../media-jobs/media-job-options.ts';
import { MediaJobs } from '../media-jobs/media-jobs.ts';
import { MediaProber } from '../media-jobs/media-probe.ts';
import type { RouteModule, ServerContext } from '../server-context.ts';
import type { TemplatedApp } from '../uws.ts';
import { mountApi } from './api-handler.ts';
import { getMediaFrame } from './media-frame-handler.ts';
import { getJob, getMediaProbe, postNodeMedia, type MediaJobsApiDeps } from './media-jobs-handlers.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';

/**
 * Packaging over HTTP (docs/packaging.md): POST a finished upload into a
 * story node, follow the job, probe a clip, see one of its frames, on the
 * open story library. Close the returned module at shutdown: it kills a
 * running ffmpeg.
 */
export function mountMediaJobsApi(app: TemplatedApp, ctx: ServerContext, rooms: RoomsApiDeps): RouteModule {
  const tools = ffmpegTools();
  const jobs = new MediaJobs({
    tools,
    dataDir: ctx.config.dataDir,
    mediaRoot: ctx.config.mediaDir,
    now: ctx.now,
    options: mediaJobOptionsFromEnv(process.env),
    contain: (error, meta) => ctx.contained.report('media-job', error, { route: `package ${meta.story}/${meta.node}` }),
  });
  const prober = new MediaProber(tools, ctx.config.mediaDir);
  const frames = new FrameExtractor(tools, ctx.config.mediaDir, new FrameCache(join(ctx.config.dataDir, 'frames')));
  const deps: MediaJobsApiDeps = { isAdmin: rooms.isAdmin, principal: rooms.principal, ownership: async (id) => rooms.library.find(id), findStory: async (id) => (await rooms.library.find(id))?.story, jobs, prober };
  mountApi(app, ctx, 'post', '/api/stories/:id/nodes/:node/media', 2, postNodeMedia(deps), { maxBody: 16 * 1024 });
  mountApi(app, ctx, 'get', '/api/jobs/:id', 1, getJob(deps));
  mountApi(app, ctx, 'get', '/api/media/probe', 0, getMediaProbe(deps));
  // Public, like /media/: no rooms backend or key needed.
  mountApi(app, ctx, 'get', '/api/media/frame', 0, getMediaFrame(frames));
  return {
    close: () => {
      frames.close();
      return jobs.close();
    },
  };
}
