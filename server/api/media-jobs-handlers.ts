import type { Story } from '../../engine/story.ts';
import { QueueFullError } from '../jobs/job-queue.ts';
import { OutputExistsError } from '../packaging/package-staging.ts';
import { StoryMediaError } from '../packaging/package-story-nodes.ts';
import { UploadNotReadyError } from '../packaging/upload-input.ts';
import type { MediaProber } from '../media-jobs/media-probe.ts';
import type { MediaJob, MediaJobs } from '../media-jobs/media-jobs.ts';
import type { ApiHandler, ApiResponse } from './api-handler.ts';
import { apiError } from './api-error.ts';
import { mayWriteStoryMedia, type MediaWriteAccess } from './media-write-access.ts';
import { parsePackageBody } from './package-body.ts';
import { unauthorized } from './stories-handlers.ts';

/** What the packaging and probe endpoints need; injected, so they run without a server. */
export interface MediaJobsApiDeps extends MediaWriteAccess {
  findStory: (id: string) => Promise<Story | undefined>;
  jobs: MediaJobs;
  prober: MediaProber;
}

const notFound = (what: string): ApiResponse => ({ status: 404, body: apiError('not-found', `no such ${what}`) });

/**
 * POST /api/stories/:id/nodes/:node/media `{upload, replace?}` → 202
 * `{job: id, state, progress, src, …}`: package a finished upload into the
 * node's media folder; follow it at the Location, GET /api/jobs/:id.
 */
export const postNodeMedia = (deps: MediaJobsApiDeps): ApiHandler => async (request) => {
  const [storyId = '', nodeId = ''] = request.params;
  if (!(await mayWriteStoryMedia(deps, request.authorization, storyId))) return unauthorized;
  const body = parsePackageBody(request.body);
  if (!body.ok) return { status: 400, body: apiError('invalid', body.message) };
  const story = await deps.findStory(storyId);
  if (!story) return notFound('story');
  if (!Object.hasOwn(story.nodes, nodeId)) return notFound('node');
  try {
    const job = await deps.jobs.submit({ story, node: nodeId, upload: body.upload, replace: body.replace });
    const { id, ...view } = jobView(job);
    return { status: 202, headers: [['Location', `/api/jobs/${job.id}`]], body: { job: id, ...view } };
  } catch (error) {
    return refusal(error, body.upload);
  }
};

/** GET /api/jobs/:id → the job: `{id, state, progress, src, duration?, warnings?, error?, errorCode?, …}`. */
export const getJob = (deps: MediaJobsApiDeps): ApiHandler => async (request) => {
  const job = deps.jobs.get(request.params[0] ?? '');
  if (!job) return notFound('job (jobs are kept in memory: a restart forgets them)');
  if (!(await mayWriteStoryMedia(deps, request.authorization, job.meta.story))) return unauthorized;
  return { status: 200, body: jobView(job) };
};

/** GET /api/media/probe?src=PATH → `{src, duration, video?, audio?}` of a file under the media root. */
export const getMediaProbe = (deps: MediaJobsApiDeps): ApiHandler => async (request) => {
  if (!(await mayWriteStoryMedia(deps, request.authorization, undefined))) return unauthorized;
  const src = request.query.get('src') ?? '';
  if (src === '' || src.length > 1024) return { status: 400, body: apiError('invalid', 'give ?src=, a media path of at most 1024 characters') };
  const outcome = await deps.prober.probe(src);
  if (outcome.ok) {
    const { duration, ...streams } = outcome.probe;
    return { status: 200, body: { src: outcome.src, duration: Number.isFinite(duration) ? duration : null, ...streams } };
  }
  const status = { 'bad-path': 400, 'not-found': 404, unreadable: 422, busy: 503, 'no-ffprobe': 503 }[outcome.reason];
  return { status, body: apiError(outcome.reason === 'bad-path' ? 'invalid' : outcome.reason, outcome.message) };
};

/** The job as the API shows it: a failure as `error` (one line to show) and `errorCode` (to branch on). */
export function jobView(job: MediaJob): { id: string } & Record<string, unknown> {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  return {
    id: job.id,
    story: job.meta.story,
    node: job.meta.node,
    state: job.state,
    progress: job.progress,
    src: job.meta.src,
    ...(job.result && { duration: job.result.duration, warnings: job.result.warnings }),
    ...(job.error && { error: job.error.message, errorCode: job.error.code }),
    createdAt: iso(job.createdAt),
    ...(job.startedAt !== undefined && { startedAt: iso(job.startedAt) }),
    ...(job.finishedAt !== undefined && { finishedAt: iso(job.finishedAt) }),
  };
}

/** Why a job was not queued, as a typed answer; anything else is a bug and propagates. */
function refusal(error: unknown, upload: string): ApiResponse {
  if (error instanceof QueueFullError) return { status: 503, headers: [['Retry-After', '10']], body: apiError('busy', `the packaging queue is full: ${error.message}`) };
  if (error instanceof UploadNotReadyError && error.state === 'missing') return { status: 422, body: apiError('unknown-upload', `no upload '${upload}'`) };
  if (error instanceof UploadNotReadyError) return { status: 409, body: apiError('upload-incomplete', error.message) };
  if (error instanceof OutputExistsError) return { status: 409, body: apiError('media-exists', `${error.message}; post with "replace": true to replace it`) };
  if (error instanceof StoryMediaError) return { status: 422, body: apiError('bad-media-src', error.message) };
  throw error;
}
