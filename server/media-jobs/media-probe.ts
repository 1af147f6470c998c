import { FfmpegFailedError, FfmpegMissingError } from '../packaging/ffmpeg-errors.ts';
import { probeMedia, type MediaProbe } from '../packaging/ffmpeg-probe.ts';
import type { FfmpegTools } from '../packaging/ffmpeg-tools.ts';
import { resolveMediaFile } from './media-file.ts';

/** What GET /api/media/probe answers. */
export type MediaProbeOutcome =
  | { ok: true; src: string; probe: MediaProbe }
  | { ok: false; reason: 'bad-path' | 'not-found' | 'busy' | 'unreadable' | 'no-ffprobe'; message: string };

/**
 * ffprobe on a file under the media root, named by its media path (what a
 * node's `media.src` holds), so the studio can show a clip's duration. The
 * path passes the media route's checks and must resolve inside the root after
 * symlinks (media-file.ts); at most `maxRunning` probes run at once.
 */
export class MediaProber {
  private running = 0;

  constructor(private readonly tools: FfmpegTools, private readonly mediaRoot: string, private readonly maxRunning = 2) {}

  async probe(src: string): Promise<MediaProbeOutcome> {
    const file = await resolveMediaFile(this.mediaRoot, src);
    if (!file.ok) return file;
    if (this.running >= this.maxRunning) return { ok: false, reason: 'busy', message: `${this.running} probes are running; try again shortly` };
    this.running += 1;
    try {
      return { ok: true, src: file.src, probe: await probeMedia(this.tools, file.path) };
    } catch (error) {
      if (error instanceof FfmpegMissingError) return { ok: false, reason: 'no-ffprobe', message: 'ffprobe is not installed on the server' };
      // Not media ffprobe can read. Its message names the server's path, so it is not passed on.
      if (error instanceof FfmpegFailedError) return { ok: false, reason: 'unreadable', message: `'${src}' is not media ffprobe can read` };
      throw error;
    } finally {
      this.running -= 1;
    }
  }
}
