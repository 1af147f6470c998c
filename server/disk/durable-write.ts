/**
 * The one way the server replaces a file durably, and the directory fsync that
 * every durable create, rename and unlink needs. Used by the room store, the
 * uploads, story versions, saves, plays, authors and the secret file.
 *
 * Why not the npm package write-file-atomic (8.0.0, read before choosing):
 * - it never fsyncs the directory after the rename, so a power cut can bring
 *   back the old file, or none, after the write was reported done;
 * - its temp names (`<file>.<hash>`) have no marker a restart can recognise,
 *   and a `kill -9` or a power cut leaves them behind (its cleanup runs on
 *   exit signals only); ours are `.<file>.<hex>.tmp`, see isTempFileName;
 * - it writes a buffer with one write(2) without looping on a short write;
 * - it takes one buffer, where a snapshot is header + data (a copy per write);
 * - 8.x needs Node 22, and we run on 20.
 * The whole job is 30 lines on node:fs, so we keep it here.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeAllAt } from './write-all-at.ts';

const TEMP_SUFFIX = '.tmp';

/** What writeFileAtomic writes: text (UTF-8), bytes, or bytes in pieces written back to back. */
export type FileContent = string | Uint8Array | readonly Uint8Array[];

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
 * Replaces `path` with `content` atomically and durably: a uniquely named temp
 * file beside it (so concurrent writers never share one), datasync, rename
 * over the target, fsync the directory. A reader or a restart sees the old or
 * the new content, never a mix; once this resolves, the new one survives a
 * power cut. On failure the temp file is removed and the target is untouched.
 */
export async function writeFileAtomic(path: string, content: FileContent, mode = 0o644): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await open(temp, 'wx', mode);
  try {
    await writeAllAt(handle, toBuffers(content), 0);
    await handle.datasync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncDir(dirname(path));
}

/** Whether a directory entry is a temp file of writeFileAtomic, which only a crash leaves behind: delete it at start. */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

function toBuffers(content: FileContent): Buffer[] {
  if (typeof content === 'string') return [Buffer.from(content, 'utf8')];
  const chunks: readonly Uint8Array[] = content instanceof Uint8Array ? [content] : content;
  return chunks.map((chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
}
