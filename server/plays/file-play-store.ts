import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseSoloInput, type SoloInput } from '../../engine/solo/index.ts';
import { writeAllAt } from '../disk/write-all-at.ts';
import { fsyncDir } from '../disk/durable-write.ts';
import type { PlayHeader, PlayStore, StoredPlay } from './play-store.ts';

/** Story and play ids name directories and files: never `.`/`..`, never a separator. */
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SUFFIX = '.ndjson';
/** Good-length memory per play; cleared past this many (a later append just rescans). */
const MAX_KNOWN = 100_000;

/**
 * Plays under `<dir>/<story>/<play>.ndjson`: a header line, then one line per
 * appended batch (a JSON array of inputs). Each append is one write at the end
 * of the good bytes and a datasync; a new file also fsyncs its directory. A
 * crash can leave only a torn last line, which reading ignores and the next
 * append overwrites, so a batch is either wholly stored or not at all.
 */
export function createFilePlayStore(dir: string): PlayStore {
  /** Bytes known good per play file, so appends skip the rescan. */
  const known = new Map<string, number>();
  const fileOf = (story: string, play: string): string => {
    if (!NAME.test(story) || !NAME.test(play)) throw new TypeError(`invalid play key ${JSON.stringify(`${story}/${play}`).slice(0, 160)}`);
    return join(dir, story, play + SUFFIX);
  };

  async function scan(file: string): Promise<StoredPlay | undefined> {
    let text: Buffer;
    try {
      text = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = parseFile(text);
    if (parsed) known.set(file, parsed.bytes);
    return parsed;
  }

  return {
    read: async (story, play) => scan(fileOf(story, play)),
    async append(header: PlayHeader, inputs: readonly SoloInput[]) {
      const file = fileOf(header.story, header.play);
      const line = Buffer.from(JSON.stringify(inputs) + '\n');
      let at = known.get(file);
      if (at === undefined) at = (await scan(file))?.bytes;
      if (known.size > MAX_KNOWN) known.clear();
      if (at === undefined) {
        const storyDir = join(dir, header.story);
        const created = await mkdir(storyDir, { recursive: true });
        const handle = await open(file, 'w', 0o644);
        const head = Buffer.from(JSON.stringify(header) + '\n');
        try {
          await writeAllAt(handle, [head, line], 0);
          await handle.datasync();
        } finally {
          await handle.close();
        }
        await fsyncDir(storyDir);
        // mkdir reports the top-most directory it made: its parent holds its entry.
        if (created !== undefined) await fsyncDir(dirname(created));
        if (created !== undefined && created !== storyDir) await fsyncDir(dir);
        known.set(file, head.length + line.length);
        return head.length + line.length;
      }
      const handle = await open(file, 'r+');
      try {
        // Past a torn tail (a crash mid-append), the good bytes end at `at`: overwrite from there.
        if ((await handle.stat()).size !== at) await handle.truncate(at);
        await writeAllAt(handle, [line], at);
        await handle.datasync();
      } catch (error) {
        known.delete(file);
        throw error;
      } finally {
        await handle.close();
      }
      known.set(file, at + line.length);
      return at + line.length;
    },
    async list(story) {
      if (!NAME.test(story)) return [];
      try {
        return (await readdir(join(dir, story))).filter((n) => n.endsWith(SUFFIX) && NAME.test(n.slice(0, -SUFFIX.length))).map((n) => n.slice(0, -SUFFIX.length));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
    async close() {
      known.clear();
    },
  };
}

/** The good prefix of a play file: whole lines that decode; undefined without a good header. */
function parseFile(bytes: Buffer): StoredPlay | undefined {
  let start = 0;
  let header: PlayHeader | undefined;
  const inputs: SoloInput[] = [];
  for (let end = bytes.indexOf(10, start); end >= 0; end = bytes.indexOf(10, start)) {
    let value: unknown;
    try {
      value = JSON.parse(bytes.subarray(start, end).toString('utf8'));
    } catch {
      break;
    }
    if (!header) {
      header = parseHeader(value);
      if (!header) return undefined;
    } else {
      if (!Array.isArray(value)) break;
      const batch = value.map(parseSoloInput);
      if (batch.some((input) => typeof input === 'string')) break;
      inputs.push(...(batch as SoloInput[]));
    }
    start = end + 1;
  }
  return header && { header, inputs, bytes: start };
}

function parseHeader(value: unknown): PlayHeader | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { story, play, storyVersion, receivedAt, clockOffset } = value as Record<string, unknown>;
  if (typeof story !== 'string' || typeof play !== 'string' || typeof storyVersion !== 'string') return undefined;
  if (typeof receivedAt !== 'number' || typeof clockOffset !== 'number' || !Number.isFinite(clockOffset)) return undefined;
  return { story, play, storyVersion, receivedAt, clockOffset };
}

