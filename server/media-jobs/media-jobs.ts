import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Story } from '../../engine/story.ts';
import { JobQueue, type Job, type JobFailure } from '../jobs/job-queue.ts';
import type { FfmpegTools } from '../packaging/ffmpeg-tools.ts';
import { packageMedia } from '../packaging/package-media.ts';
import { OutputExistsError } from '../packaging/package-staging.ts';
import { assertInsideMediaRoot, storyNodeTarget, type StoryNodeTarget } from '../packaging/story-node-target.ts';
import { finishedUploadPath } from '../packaging/upload-input.ts';
import { mediaJobFailure } from './media-job-failure.ts';
import type { MediaJobOptions } from './media-job-options.ts';

/** What a packaging job is about. */
export interface MediaJobMeta {
  story: string;
  node: string;
  upload: string;
  /** The media path the node gets once done (its `media.src`, normalised). */
  src: string;
}

export interface MediaJobResult {
  src: string;
  /** Seconds, from ffprobe on the upload; null when the container does not say. */
  duration: number | null;
  /** E.g. a clip whose length differs from the node's `media.duration`, which its cues assume. */
  warnings: string[];
}

export type MediaJob = Job<MediaJobMeta, MediaJobResult>;

export interface MediaJobsConfig {
  tools: FfmpegTools;
  dataDir: string;
  mediaRoot: string;
  now: () => number;
  options: MediaJobOptions;
  /** An error no job should throw (a bug): counted and logged as contained. */
  contain: (error: unknown, meta: MediaJobMeta) => void;
}

export interface PackageNodeRequest {
  story: Story;
  node: string;
  /** A finished tus upload's id or URL. */
  upload: string;
  /** Replace the node's existing media folder. */
  replace: boolean;
}

/**
 * Packaging jobs: a finished upload into a story node's media folder, with
 * keyframes at the node's cues, through the same code as `branchcast media
 * package --upload --story --node` (storyNodeTarget, finishedUploadPath,
 * packageMedia). One job at a time per server (JobQueue).
 */
export class MediaJobs {
  private readonly queue: JobQueue<MediaJobMeta, MediaJobResult>;

  constructor(private readonly config: MediaJobsConfig) {
    this.queue = new JobQueue({
      ...config.options,
      newId: () => randomBytes(16).toString('base64url'),
      now: config.now,
      classify: (error, meta) => this.failure(error, meta),
    });
  }

  /**
   * Checks what can be checked now, then queues the job.
   * @throws StoryMediaError (unsafe media path), UploadNotReadyError, OutputExistsError (without `replace`), QueueFullError
   */
  async submit(request: PackageNodeRequest): Promise<MediaJob> {
    const { mediaRoot, dataDir } = this.config;
    const target = storyNodeTarget(request.story, request.node, mediaRoot);
    await assertInsideMediaRoot(mediaRoot, target.outDir);
    const upload = await finishedUploadPath(dataDir, request.upload);
    if (!request.replace && (await stat(target.outDir).catch(() => undefined))) {
      throw new OutputExistsError(`node '${request.node}' already has media at ${target.src}`);
    }
    const meta: MediaJobMeta = { story: request.story.id, node: request.node, upload: upload.id, src: target.src };
    return this.queue.submit(meta, ({ signal, progress }) => this.run(target, upload.id, request.replace, signal, progress));
  }

  get(id: string): MediaJob | undefined {
    return this.queue.get(id);
  }

  /** Kills a running ffmpeg (its staging folder is removed) and fails the waiting jobs. */
  close(): Promise<void> {
    return this.queue.close();
  }

  private async run(target: StoryNodeTarget, uploadId: string, replace: boolean, signal: AbortSignal, progress: (fraction: number) => void): Promise<MediaJobResult> {
    const { tools, mediaRoot, dataDir } = this.config;
    // Again at run time: the folders may have changed while the job waited.
    await assertInsideMediaRoot(mediaRoot, target.outDir);
    const input = (await finishedUploadPath(dataDir, uploadId)).path;
    const result = await packageMedia({ tools, input, outDir: target.outDir, options: { manifestName: target.manifestName, cues: target.cues }, replace, signal, onProgress: progress });
    const duration = Number.isFinite(result.duration) ? Math.round(result.duration * 1000) / 1000 : null;
    const warnings = duration !== null && Math.abs(duration - target.duration) > 0.1
      ? [`the clip lasts ${duration.toFixed(2)} s but the node declares ${target.duration} s; update media.duration or the cues`]
      : [];
    return { src: target.src, duration, warnings };
  }

  private failure(error: unknown, meta: MediaJobMeta): JobFailure {
    const { dataDir, mediaRoot } = this.config;
    const upload = `${dataDir}/uploads/${meta.upload}`;
    const known = mediaJobFailure(error, [[`file:${upload}`, `upload ${meta.upload}`], [upload, `upload ${meta.upload}`], [mediaRoot, 'media'], [dataDir, 'data']]);
    if (known) return known;
    this.config.contain(error, meta);
    return { code: 'internal', message: 'packaging failed on an unexpected error (logged on the server)' };
  }
}
