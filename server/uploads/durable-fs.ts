import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * fsyncs a directory so that creates, renames and unlinks inside it survive a
 * power cut. (A file's own fsync does not persist its directory entry.)
 */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `data` atomically and durably: write a temp file, fsync
 * it, rename it over the target, fsync the directory. A reader (or a restart)
 * sees either the old or the new content, never a torn mix.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temp, path);
  await fsyncDir(dirname(path));
}
