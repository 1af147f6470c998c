/**
 * Opens media files safely and keeps them open briefly.
 *
 * Safety: the request's segments are joined under the root and the result is
 * realpath'd; anything that lands outside the root (a symlink pointing out) or
 * is not a regular file is 404. The final open uses O_NOFOLLOW and O_NONBLOCK
 * so a last-moment swap to a symlink or FIFO cannot escape or hang us.
 *
 * Speed: a hot 1 KB range request would otherwise spend three syscalls
 * (realpath, stat, open) per request before the one read that matters. Entries
 * keep the fd and its validators and are re-checked (realpath + stat) at most
 * once per `revalidateMs`. A replaced file gets a new entry; the old fd stays
 * open until the last response reading it releases it, so bytes and
 * validators always describe the same version of the file.
 */
import { constants, promises as fsp } from 'node:fs';
import { join, sep } from 'node:path';
import { fileEntityTag } from './entity-tag.ts';
import { formatHttpDate, toHttpDateResolution } from './http-date.ts';
import { cacheControlFor, contentTypeFor } from './media-type.ts';

/** One acquired open file; call `release()` exactly once when done reading. */
export interface MediaFile {
  readonly fd: number;
  /** The real path (inside the root). */
  readonly path: string;
  readonly size: number;
  readonly etag: string;
  /** mtime truncated to whole seconds, as Last-Modified can express it. */
  readonly lastModifiedMs: number;
  /** The same, formatted for the Last-Modified header. */
  readonly lastModified: string;
  /** Content-Type and Cache-Control for the file's name (media-type.ts). */
  readonly contentType: string;
  readonly cacheControl: string;
  release(): void;
}

export type OpenMediaResult = { ok: true; file: MediaFile } | { ok: false; status: 400 | 404; reason: string };

export interface MediaFileCacheOptions {
  /** How long a cached open file is trusted before re-checking the disk. */
  revalidateMs?: number;
  /** Open files kept for reuse; the oldest are closed beyond this. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  key: string;
  handle: fsp.FileHandle;
  path: string;
  ino: bigint;
  size: number;
  mtimeNs: bigint;
  etag: string;
  lastModifiedMs: number;
  lastModified: string;
  contentType: string;
  cacheControl: string;
  checkedAt: number;
  /** Acquired references plus the loader's short hold. */
  refs: number;
  retired: boolean;
}

type LoadResult = { ok: true; entry: Entry } | { ok: false; status: 400 | 404; reason: string };

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export class MediaFileCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<LoadResult>>();
  private readonly revalidateMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private realRoot: Promise<string> | undefined;

  constructor(
    private readonly root: string,
    options: MediaFileCacheOptions = {},
  ) {
    this.revalidateMs = options.revalidateMs ?? 1000;
    this.maxEntries = options.maxEntries ?? 256;
    this.now = options.now ?? Date.now;
  }

  /**
   * Opens the file at `segments` (already validated by parseMediaPath) below
   * the root. A fresh cached entry is returned synchronously, without a syscall.
   */
  open(segments: readonly string[]): Promise<OpenMediaResult> | OpenMediaResult {
    const key = segments.join('/');
    const entry = this.entries.get(key);
    if (entry !== undefined && this.now() - entry.checkedAt < this.revalidateMs) return { ok: true, file: this.acquire(entry) };
    let pending = this.loading.get(key);
    if (pending === undefined) {
      pending = this.load(key, segments);
      this.loading.set(key, pending);
      void pending.then((result) => {
        this.loading.delete(key);
        // load() holds a reference so the entry cannot close before every
        // concurrent waiter (all microtasks) has acquired its own.
        if (result.ok) setImmediate(() => this.release(result.entry));
      });
    }
    return pending.then((result) => (result.ok ? { ok: true, file: this.acquire(result.entry) } : result));
  }

  /** Closes every fd not in use now; those in use close on their last release. */
  async close(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((entry) => this.retire(entry)));
  }

  private async load(key: string, segments: readonly string[]): Promise<LoadResult> {
    const result = await this.loadFresh(key, segments);
    if (!result.ok) {
      // Deleted (or now escaping the root): drop the old descriptor so a deleted file's space is freed.
      const stale = this.entries.get(key);
      if (stale !== undefined) void this.retire(stale);
    }
    return result;
  }

  private async loadFresh(key: string, segments: readonly string[]): Promise<LoadResult> {
    let root: string;
    try {
      root = await this.resolveRoot();
    } catch {
      return { ok: false, status: 404, reason: 'media root does not exist' };
    }
    let real: string;
    let found: { ino: bigint; size: bigint; mtimeNs: bigint; isFile(): boolean };
    try {
      real = await fsp.realpath(join(root, ...segments));
      if (!real.startsWith(root + sep)) return { ok: false, status: 404, reason: 'resolves outside the media root' };
      found = await fsp.stat(real, { bigint: true });
    } catch (error) {
      return fsFailure(error);
    }
    if (!found.isFile()) return { ok: false, status: 404, reason: 'not a regular file' };

    const cached = this.entries.get(key);
    if (cached !== undefined && cached.path === real && cached.ino === found.ino && cached.size === Number(found.size) && cached.mtimeNs === found.mtimeNs) {
      cached.checkedAt = this.now();
      cached.refs += 1;
      return { ok: true, entry: cached };
    }

    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(real, OPEN_FLAGS);
      // Validators come from the opened fd, so they describe exactly the bytes we will read.
      const opened = await handle.stat({ bigint: true });
      if (!opened.isFile()) {
        await handle.close();
        return { ok: false, status: 404, reason: 'not a regular file' };
      }
      const size = Number(opened.size);
      const entry: Entry = {
        key,
        handle,
        path: real,
        ino: opened.ino,
        size,
        mtimeNs: opened.mtimeNs,
        etag: fileEntityTag({ ino: opened.ino, size, mtimeNs: opened.mtimeNs }),
        lastModifiedMs: toHttpDateResolution(Number(opened.mtimeMs)),
        lastModified: formatHttpDate(Number(opened.mtimeMs)),
        contentType: contentTypeFor(real),
        cacheControl: cacheControlFor(real),
        checkedAt: this.now(),
        refs: 1,
        retired: false,
      };
      const previous = this.entries.get(key);
      if (previous !== undefined) void this.retire(previous);
      this.entries.set(key, entry);
      this.evictOverflow();
      return { ok: true, entry };
    } catch (error) {
      await handle?.close().catch(() => undefined);
      return fsFailure(error);
    }
  }

  private acquire(entry: Entry): MediaFile {
    entry.refs += 1;
    let released = false;
    return {
      fd: entry.handle.fd,
      path: entry.path,
      size: entry.size,
      etag: entry.etag,
      lastModifiedMs: entry.lastModifiedMs,
      lastModified: entry.lastModified,
      contentType: entry.contentType,
      cacheControl: entry.cacheControl,
      release: () => {
        if (released) return;
        released = true;
        this.release(entry);
      },
    };
  }

  private release(entry: Entry): void {
    entry.refs -= 1;
    if (entry.retired && entry.refs === 0) void entry.handle.close().catch(() => undefined);
  }

  private retire(entry: Entry): Promise<void> {
    if (entry.retired) return Promise.resolve();
    entry.retired = true;
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    return entry.refs === 0 ? entry.handle.close().catch(() => undefined) : Promise.resolve();
  }

  private evictOverflow(): void {
    for (const entry of this.entries.values()) {
      if (this.entries.size <= this.maxEntries) break;
      void this.retire(entry);
    }
  }

  private resolveRoot(): Promise<string> {
    this.realRoot ??= fsp.realpath(this.root).catch((error: unknown) => {
      // Let a later request see the root once it has been created.
      this.realRoot = undefined;
      throw error;
    });
    return this.realRoot;
  }
}

function fsFailure(error: unknown): { ok: false; status: 400 | 404; reason: string } {
  const code = error instanceof Error && 'code' in error ? String(error.code) : 'EUNKNOWN';
  if (code === 'ENAMETOOLONG') return { ok: false, status: 400, reason: 'name too long' };
  // ENOENT, ENOTDIR, ELOOP (O_NOFOLLOW hit a symlink), EACCES...: all "no such media".
  return { ok: false, status: 404, reason: code };
}
