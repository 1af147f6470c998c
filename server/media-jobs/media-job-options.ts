/** Packaging jobs' bounds, from the environment (docs/packaging.md). */
export interface MediaJobOptions {
  /** Jobs that may wait behind the running one; past that, POST answers 503. */
  maxQueued: number;
  /** Finished jobs kept readable at GET /api/jobs/:id. */
  keepFinished: number;
}

export const DEFAULT_MEDIA_JOB_OPTIONS: MediaJobOptions = { maxQueued: 4, keepFinished: 200 };

/** A malformed variable stops the server at startup. */
export class MediaJobOptionsError extends Error {
  override name = 'MediaJobOptionsError';
}

export function mediaJobOptionsFromEnv(env: NodeJS.ProcessEnv): MediaJobOptions {
  return {
    maxQueued: integer(env.MEDIA_JOBS_MAX_QUEUED, 'MEDIA_JOBS_MAX_QUEUED', DEFAULT_MEDIA_JOB_OPTIONS.maxQueued, 0, 1000),
    keepFinished: DEFAULT_MEDIA_JOB_OPTIONS.keepFinished,
  };
}

function integer(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new MediaJobOptionsError(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  return n;
}
