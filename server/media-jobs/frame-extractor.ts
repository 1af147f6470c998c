import { unlink } from 'node:fs/promises';
import { FfmpegFailedError, FfmpegMissingError } from '../packaging/ffmpeg-errors.ts';
import { runFfmpegTool } from '../packaging/ffmpeg-run.ts';
import type { FfmpegTools } from '../packaging/ffmpeg-tools.ts';
import type { FrameCache } from './frame-cache.ts';
import { resolveMediaFile } from './media-file.ts';

/** A frame's identity, known before any ffmpeg run: enough to answer If-None-Match. */
export interface LocatedFrame {
  ok: true;
  key: string;
  /** Strong: the key covers everything the bytes depend on. */
  etag: string;
  path: string;
  seconds: number;
  width: number;
}

export type FrameFailure = { ok: false; reason: 'bad-path' | 'not-found' | 'busy' | 'unreadable' | 'no-frame' | 'no-ffmpeg'; message: string };

export interface FrameJpeg {
  ok: true;
  jpeg: Buffer;
}

export interface FrameExtractorOptions {
  /** ffmpeg runs at once (one per core on the reference machine). */
  maxRunning?: number;
  /** Requests that may wait for a run; more are refused (busy). A map asks for a thumbnail per node at once. */
  maxWaiting?: number;
  /** A run that takes longer is killed (a pathological file must not hold a slot). */
  timeoutMs?: number;
}

/**
 * One frame of a clip under the media root as a JPEG (GET /api/media/frame),
 * for the studio's map thumbnails and region editor. Cached on disk; equal
 * requests in flight share one run; at most `maxRunning` ffmpeg runs at once.
 */
export class FrameExtractor {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly inflight = new Map<string, Promise<FrameJpeg | FrameFailure>>();
  private readonly stop = new AbortController();
  private readonly maxRunning: number;
  private readonly maxWaiting: number;
  private readonly timeoutMs: number;

  constructor(private readonly tools: FfmpegTools, private readonly mediaRoot: string, private readonly cache: FrameCache, options: FrameExtractorOptions = {}) {
    this.maxRunning = options.maxRunning ?? 2;
    this.maxWaiting = options.maxWaiting ?? 16;
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  /** Checks the path and names the frame at `seconds` (rounded to 0.1 s) `width` pixels wide. */
  async locate(src: string, seconds: number, width: number): Promise<LocatedFrame | FrameFailure> {
    const file = await resolveMediaFile(this.mediaRoot, src);
    if (!file.ok) return file;
    const tenths = Math.round(seconds * 10);
    const key = this.cache.key(file.src, file.mtimeMs, tenths, width);
    return { ok: true, key, etag: `"${key.slice(0, 40)}"`, path: file.path, seconds: tenths / 10, width };
  }

  /** The JPEG: from the cache, or from one ffmpeg run shared by everyone asking for it meanwhile. */
  async frame(at: LocatedFrame): Promise<FrameJpeg | FrameFailure> {
    const cached = await this.cache.read(at.key);
    if (cached) return { ok: true, jpeg: cached };
    let pending = this.inflight.get(at.key);
    if (!pending) {
      if (this.running >= this.maxRunning && this.waiting.length >= this.maxWaiting) {
        return { ok: false, reason: 'busy', message: `${this.running} frames are being extracted and ${this.waiting.length} wait; try again shortly` };
      }
      pending = this.withSlot(() => this.extract(at)).finally(() => this.inflight.delete(at.key));
      this.inflight.set(at.key, pending);
    }
    return pending;
  }

  /** Kills running extractions (shutdown). */
  close(): void {
    this.stop.abort();
  }

  private async withSlot<T>(work: () => Promise<T>): Promise<T> {
    // A released slot is handed straight to the next waiter, so `running` never overshoots.
    if (this.running >= this.maxRunning) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  private async extract(at: LocatedFrame): Promise<FrameJpeg | FrameFailure> {
    if (this.stop.signal.aborted) return { ok: false, reason: 'busy', message: 'the server is shutting down' };
    const temp = await this.cache.tempPath(at.key);
    try {
      // The path is absolute (a realpath), so ffmpeg cannot read it as a protocol; no `file:` prefix,
      // because the DASH demuxer of the npm-shipped ffmpeg 4.1 refuses one on a manifest.
      await runFfmpegTool(this.tools.ffmpeg, [
        '-hide_banner', '-v', 'error', '-ss', String(at.seconds), '-i', at.path, '-frames:v', '1', '-an',
        '-vf', `scale=${at.width}:-2`, '-f', 'image2', '-update', '1', '-c:v', 'mjpeg', '-q:v', '5', '-y', `file:${temp}`,
      ], { signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.timeoutMs)]), maxStdout: 64 * 1024 });
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      if (error instanceof FfmpegMissingError) return { ok: false, reason: 'no-ffmpeg', message: 'ffmpeg is not installed on the server' };
      // Not media ffmpeg can decode (or it took too long). Its message names the server's path, so it is not passed on.
      if (error instanceof FfmpegFailedError) return { ok: false, reason: 'unreadable', message: 'not media ffmpeg can read a frame from' };
      throw error;
    }
    const jpeg = await this.cache.store(at.key, temp);
    return jpeg ? { ok: true, jpeg } : { ok: false, reason: 'no-frame', message: `no frame at ${at.seconds} s (past the end of the clip?)` };
  }
}
