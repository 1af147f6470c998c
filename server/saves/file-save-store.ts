import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDir, writeFileAtomic } from '../disk/durable-write.ts';
import { SAVE_NAME, type SaveStore } from './save-store.ts';

/**
 * Saves under `<dir>/<story>/<viewer>.json`, each replaced atomically and
 * durably (temp file, fsync, rename, fsync the directory): a reader or a
 * restart sees the old save or the new one, never a mix.
 */
export function createFileSaveStore(dir: string): SaveStore {
  const fileOf = (story: string, viewer: string): string => {
    if (!SAVE_NAME.test(story) || !SAVE_NAME.test(viewer)) throw new TypeError(`invalid save key ${JSON.stringify(`${story}/${viewer}`).slice(0, 160)}`);
    return join(dir, story, `${viewer}.json`);
  };
  return {
    async get(story, viewer) {
      try {
        return await readFile(fileOf(story, viewer));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async put(story, viewer, bytes) {
      const file = fileOf(story, viewer);
      const created = await mkdir(dirname(file), { recursive: true });
      // A new directory's entry lives in its parent: make it durable before the save inside it.
      if (created !== undefined) await fsyncDir(dirname(created));
      if (created !== undefined && created !== dirname(file)) await fsyncDir(dir);
      await writeFileAtomic(file, [bytes]);
    },
    async close() {},
  };
}
