import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, writeFileAtomic } from '../disk/durable-write.ts';
import { STORY_ID, VERSION_ID, type StoryRecord, type StoryVersionStore } from './story-version-store.ts';
import { silentLogger, type Logger } from '../log/logger.ts';

const RECORD = 'record.json';

async function readOrUndefined(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A record read back, or undefined when the file is not one (hand-edited, or from a future format). */
function parseRecord(text: string): StoryRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<StoryRecord>;
    const ok = typeof value.id === 'string' && typeof value.owner === 'string' && Array.isArray(value.shares) && Array.isArray(value.versions);
    return ok ? (value as StoryRecord) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Versions under `<dir>/<story id>/`: `record.json` (owner, shares, history)
 * and `<version>.json` (the text as saved). Each file is written atomically
 * and durably (temp file, fsync, rename, fsync the directory); a version's
 * text is written before the record that names it, so a crash between the two
 * leaves an unnamed text behind, never a record naming a missing one.
 */
export function createFileStoryVersionStore(dir: string, log: Logger = silentLogger()): StoryVersionStore {
  const storyDir = async (id: string): Promise<string> => {
    if (!STORY_ID.test(id)) throw new TypeError(`invalid story id ${JSON.stringify(id).slice(0, 80)}`);
    const path = join(dir, id);
    const created = await mkdir(path, { recursive: true });
    if (created !== undefined) await fsyncDir(dir);
    return path;
  };
  return {
    async records() {
      let names: string[];
      try {
        names = (await readdir(dir)).filter((name) => STORY_ID.test(name)).sort();
      } catch {
        return []; // no directory yet
      }
      const records: StoryRecord[] = [];
      for (const name of names) {
        const text = await readOrUndefined(join(dir, name, RECORD));
        const record = text === undefined ? undefined : parseRecord(text);
        if (record?.id === name) records.push(record);
        else if (text !== undefined) log.warn({ story: name }, `story versions: skipped an unreadable ${RECORD}`);
      }
      return records;
    },
    async putRecord(record) {
      await writeFileAtomic(join(await storyDir(record.id), RECORD), [Buffer.from(JSON.stringify(record))]);
    },
    async readText(id, version) {
      if (!STORY_ID.test(id) || !VERSION_ID.test(version)) return undefined;
      return readOrUndefined(join(dir, id, `${version}.json`));
    },
    async putText(id, version, text) {
      if (!VERSION_ID.test(version)) throw new TypeError(`invalid story version ${JSON.stringify(version).slice(0, 40)}`);
      await writeFileAtomic(join(await storyDir(id), `${version}.json`), [Buffer.from(text, 'utf8')]);
    },
  };
}
