import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Extracted frames on disk (`<data>/frames/<key>.jpg`), so a repeat is a file
 * read and not an ffmpeg run. The key covers the media path, the file's mtime
 * (a re-packaged clip gets new frames), the time in tenths of a second and
 * the width. The endpoint is public, so the folder is bounded: past
 * `maxFiles` the oldest-written quarter is removed.
 */
export class FrameCache {
  /** Files believed to be in the folder; undefined until first counted. */
  private count: number | undefined;

  constructor(readonly dir: string, private readonly maxFiles = 4000) {}

  key(src: string, mtimeMs: number, tenths: number, width: number): string {
    return createHash('sha256').update(JSON.stringify([src, mtimeMs, tenths, width])).digest('hex');
  }

  /** The cached JPEG, or undefined (never written, or pruned meanwhile). */
  async read(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(key));
    } catch {
      return undefined;
    }
  }

  /** A fresh name for ffmpeg to write to; hidden (a dotfile), so it is never read as a cached frame. */
  async tempPath(key: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    return join(this.dir, `.${key}.${randomUUID()}.tmp`);
  }

  /**
   * Moves what ffmpeg wrote into place and returns its bytes; undefined when
   * it wrote nothing (no frame at that time: ffmpeg exits 0 past the end).
   */
  async store(key: string, temp: string): Promise<Buffer | undefined> {
    const jpeg = await readFile(temp).catch(() => undefined);
    if (!jpeg || jpeg.length === 0) {
      await unlink(temp).catch(() => undefined);
      return undefined;
    }
    // Rename is atomic: a concurrent reader sees the whole file or none.
    await rename(temp, this.path(key));
    this.count = (this.count ?? (await this.countFiles())) + 1;
    if (this.count > this.maxFiles) await this.prune();
    return jpeg;
  }

  private path(key: string): string {
    return join(this.dir, `${key}.jpg`);
  }

  private async countFiles(): Promise<number> {
    return (await readdir(this.dir)).length;
  }

  /** Removes the oldest-written quarter (and stray temp files a crash left behind). */
  private async prune(): Promise<void> {
    const names = await readdir(this.dir);
    const files = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(this.dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
    files.sort((a, b) => a.mtime - b.mtime);
    const stale = files.filter((f) => f.name.startsWith('.') && f.mtime < Date.now() - 60_000);
    const oldest = files.filter((f) => !f.name.startsWith('.')).slice(0, Math.ceil(this.maxFiles / 4));
    await Promise.all([...stale, ...oldest].map((f) => unlink(join(this.dir, f.name)).catch(() => undefined)));
    this.count = files.length - stale.length - oldest.length;
  }
}
