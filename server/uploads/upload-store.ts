import { mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDir, isTempFileName, writeFileAtomic } from '../disk/durable-write.ts';
import { isUploadId } from './upload-id.ts';
import { parseUploadInfo, type UploadInfo } from './upload-info.ts';

/** Where the uploads of a data directory live. */
export function uploadsDir(dataDir: string): string {
  return join(dataDir, 'uploads');
}

/** Raised when the upload directory cannot be read or written; `cause` is the fs error. */
export class UploadStoreError extends Error {
  override name = 'UploadStoreError';
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

/**
 * Files of the uploads under `<dataDir>/uploads/`: `<id>` holds the bytes,
 * `<id>.info` the durable UploadInfo (same layout as tusd's filestore).
 * Callers serialise writers per id (UploadLocks); this class does no locking.
 */
export class UploadStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = uploadsDir(dataDir);
  }

  dataPath(id: string): string {
    return join(this.dir, id);
  }

  infoPath(id: string): string {
    return join(this.dir, `${id}.info`);
  }

  /**
   * Creates the directory and removes debris a crash can leave: temp files of
   * an interrupted atomic write, and data files whose creation never reached
   * the info commit (no client ever learned their id). Run before serving.
   */
  async init(): Promise<void> {
    try {
      const created = await mkdir(this.dir, { recursive: true });
      // A new uploads directory must itself survive a power cut before files in it can.
      if (created !== undefined) await fsyncDir(dirname(this.dir));
      const names = new Set(await readdir(this.dir));
      let removed = false;
      for (const name of names) {
        // `<id>.info.tmp`: the fixed temp name of info writes before they went through writeFileAtomic.
        const stray = isTempFileName(name) || name.endsWith('.info.tmp') || (isUploadId(name) && !names.has(`${name}.info`));
        if (stray) {
          await unlink(join(this.dir, name)).catch(() => undefined);
          removed = true;
        }
      }
      if (removed) await fsyncDir(this.dir);
    } catch (error) {
      throw new UploadStoreError(`cannot prepare upload directory ${this.dir}`, { cause: error });
    }
  }

  /** Creates an empty data file and then commits the info; the upload exists once this resolves. */
  async create(info: UploadInfo): Promise<void> {
    const handle = await open(this.dataPath(info.id), 'wx');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The info write fsyncs the directory, which also persists the data file's entry.
    await this.commit(info);
  }

  /** Durably replaces the info of an upload. */
  async commit(info: UploadInfo): Promise<void> {
    await writeFileAtomic(this.infoPath(info.id), JSON.stringify(info));
  }

  /** The committed info, or undefined when the upload does not exist (or its info is not ours). */
  async read(id: string): Promise<UploadInfo | undefined> {
    let text: string;
    try {
      text = await readFile(this.infoPath(id), 'utf8');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new UploadStoreError(`cannot read upload ${id}`, { cause: error });
    }
    try {
      const info = parseUploadInfo(JSON.parse(text));
      return info?.id === id ? info : undefined;
    } catch {
      return undefined;
    }
  }

  /** Deletes an upload. The info goes first, so the upload vanishes atomically even if the data unlink fails. */
  async remove(id: string): Promise<void> {
    for (const path of [this.infoPath(id), this.dataPath(id)]) {
      await unlink(path).catch((error: unknown) => {
        if (!isNotFound(error)) throw new UploadStoreError(`cannot delete upload ${id}`, { cause: error });
      });
    }
    await fsyncDir(this.dir);
  }

  /** Ids of all committed uploads. */
  async listIds(): Promise<string[]> {
    const names = await readdir(this.dir).catch((error: unknown) => {
      if (isNotFound(error)) return [];
      throw new UploadStoreError(`cannot list ${this.dir}`, { cause: error });
    });
    return names.filter((n) => n.endsWith('.info')).map((n) => n.slice(0, -'.info'.length)).filter(isUploadId);
  }
}
