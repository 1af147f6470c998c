import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from '../uploads/durable-fs.ts';
import { writeAllAt } from './write-all-at.ts';

/** The suffix of write-bytes-atomic's temp files, which a crash may leave behind. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Replaces `path` with `chunks` atomically and durably: a uniquely named temp
 * file (so concurrent writers never share one), fsync, rename over the target,
 * fsync the directory. A reader or a restart sees the old or the new bytes,
 * never a mix. The binary sibling of uploads/durable-fs.ts#writeFileAtomic.
 */
export async function writeBytesAtomic(path: string, chunks: readonly Uint8Array[]): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await writeAllAt(handle, chunks.map((chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)), 0);
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
