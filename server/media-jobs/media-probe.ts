import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { FfmpegFailedError, FfmpegMissingError } from '../media/ffmpeg-errors.ts';
import { probeMedia, type MediaProbe } from '../media/ffmpeg-probe.ts';
import type { FfmpegTools } from '../media/ffmpeg-tools.ts';
import { parseMediaPath } from '../media/media-path.ts';

/** What GET /api/media/probe answers. */
export type MediaProbeOutcome =
  | { ok: true; src: string; probe: MediaProbe }
  | { ok: false; reason: 'bad-path' | 'not-found' | 'busy' | 'unreadable' | 'no-ffprobe'; message: string };

/**
 * ffprobe on a file under the media root, named by its media path (what a
 * node's `media.src` holds), so the studio can show a clip's duration. The
 * path passes the media route's checks (media-path.ts) and must resolve
 * inside the root after symlinks; at most `maxRunning` probes run at once.
 */
export class MediaProber {
  private running = 0;

  constructor(private readonly tools: FfmpegTools, private readonly mediaRoot: string, private readonly maxRunning = 2) {}

  async probe(src: string): Promise<MediaProbeOutcome> {
    const parsed = parseMediaPath(`/media/${src.split('/').map(encodeURIComponent).join('/')}`);
    if (!parsed.ok) return { ok: false, reason: parsed.status === 400 ? 'bad-path' : 'not-found', message: `'${src}' is not a media path: ${parsed.reason}` };
    const path = await this.inside(parsed.segments);
    if (path === undefined) return { ok: false, reason: 'not-found', message: `no media file '${src}'` };
    if (this.running >= this.maxRunning) return { ok: false, reason: 'busy', message: `${this.running} probes are running; try again shortly` };
    this.running += 1;
    try {
      return { ok: true, src: parsed.segments.join('/'), probe: await probeMedia(this.tools, path) };
    } catch (error) {
      if (error instanceof FfmpegMissingError) return { ok: false, reason: 'no-ffprobe', message: 'ffprobe is not installed on the server' };
      // Not media ffprobe can read. Its message names the server's path, so it is not passed on.
      if (error instanceof FfmpegFailedError) return { ok: false, reason: 'unreadable', message: `'${src}' is not media ffprobe can read` };
      throw error;
    } finally {
      this.running -= 1;
    }
  }

  /** The real path of a regular file inside the media root, or undefined. */
  private async inside(segments: string[]): Promise<string | undefined> {
    try {
      const root = await realpath(this.mediaRoot);
      const real = await realpath(join(root, ...segments));
      if (!real.startsWith(root + sep)) return undefined;
      return (await stat(real)).isFile() ? real : undefined;
    } catch {
      return undefined;
    }
  }
}
