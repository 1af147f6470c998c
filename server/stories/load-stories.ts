import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseStory, type Story } from '../../engine/index.ts';
import type { Logger } from '../log/logger.ts';

/** A story file that validated clean. */
export interface LoadedStory {
  story: Story;
  /** The text as it is on disk. */
  text: string;
  /** The file's modification time, epoch ms. */
  mtimeMs: number;
}

/** Parses a story text once (parseStory); the story when it has no errors, else a short reason for the log. */
export function parseValidStory(text: string): { story: Story } | { reason: string } {
  const { story, diagnostics } = parseStory(text);
  return story !== undefined ? { story } : { reason: `${diagnostics.filter((d) => d.severity === 'error').length} error(s)` };
}

/** Every valid `*.json` story in `dir` (sorted by file name; none when the directory is missing); invalid ones are logged and skipped. */
export async function loadStoryDir(dir: string, log: Logger): Promise<LoadedStory[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return []; // no such directory yet
  }
  const loaded: LoadedStory[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const text = await readFile(file, 'utf8');
    const parsed = parseValidStory(text);
    if ('reason' in parsed) {
      log.warn({ file: name }, `story skipped: ${parsed.reason}`);
      continue;
    }
    loaded.push({ story: parsed.story, text, mtimeMs: (await stat(file)).mtimeMs });
  }
  return loaded;
}
