import { FfmpegFailedError, FfmpegMissingError } from '../packaging/ffmpeg-errors.ts';
import { PackageInputError } from '../packaging/package-input.ts';
import { OutputExistsError } from '../packaging/package-staging.ts';
import { StoryMediaError } from '../packaging/package-story-nodes.ts';
import { UploadNotReadyError } from '../packaging/upload-input.ts';
import type { JobFailure } from '../jobs/job-queue.ts';

/** Absolute paths to hide from messages, each with what to say instead. */
export type PathNames = Array<[path: string, name: string]>;

/**
 * What a packaging job reports when it fails: a code a client can branch on
 * and one line a person can act on. Paths on the server are replaced by
 * names (`upload <id>`, `media/…`). `undefined` for an error no job should
 * throw (a bug), which the caller reports as contained.
 */
export function mediaJobFailure(error: unknown, paths: PathNames): JobFailure | undefined {
  const say = (code: string, message: string): JobFailure => ({ code, message: scrub(message, paths) });
  if (error instanceof FfmpegFailedError && (error.cause as Error | undefined)?.name === 'AbortError') {
    return say('shutdown', 'the server shut down while packaging; post the job again');
  }
  if (error instanceof FfmpegFailedError && error.binary.includes('ffprobe')) {
    return say('unreadable-media', `the upload is not media ffmpeg can read (${error.message})`);
  }
  if (error instanceof FfmpegFailedError) return say('ffmpeg-failed', error.message);
  if (error instanceof FfmpegMissingError) return say('ffmpeg-missing', error.message);
  if (error instanceof UploadNotReadyError) return say('upload-gone', 'the upload is gone or incomplete (deleted after the job was posted?)');
  if (error instanceof PackageInputError) return say('bad-input', error.message);
  if (error instanceof OutputExistsError) return say('media-exists', 'the node already has media; post with "replace": true to replace it');
  if (error instanceof StoryMediaError) return say('bad-media-src', error.message);
  return undefined;
}

function scrub(message: string, paths: PathNames): string {
  let out = message;
  // Longest first, so a path inside another is not half-replaced.
  for (const [path, name] of [...paths].sort((a, b) => b[0].length - a[0].length)) out = out.split(path).join(name);
  return out;
}
