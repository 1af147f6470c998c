import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { hasErrors, validateStory, type Diagnostic, type Story } from '../../engine/index.ts';
import type { SharedStoryShelf } from '../cluster/redis-story-shelf.ts';

export interface StoryEntry {
  story: Story;
  /** 'bundled' stories ship in stories/; 'uploaded' ones came through the API. */
  source: 'bundled' | 'uploaded';
}

/**
 * The stories rooms can be created from: the bundled examples plus the ones
 * posted to the API, which persist under `<dataDir>/stories/` (written to a
 * temp file, fsynced, then renamed, so a crash never leaves half a story).
 *
 * In cluster mode a `shelf` (server/cluster/redis-story-shelf.ts) shares the
 * uploaded stories between nodes: `put` also shelves the story, and `find` /
 * `listAll` pick up what other nodes shelved. A story already known locally
 * wins over the shelf's copy (so a story re-posted through another node is
 * seen here only after a restart); `get` / `list` stay local and synchronous.
 */
export class StoryLibrary {
  private readonly stories = new Map<string, StoryEntry>();
  /** Shelf texts that failed validation, so each is logged once rather than on every listAll. */
  private readonly rejected = new Map<string, string>();

  private constructor(
    private readonly uploadDir: string,
    private readonly log: (line: string) => void,
    private readonly shelf: SharedStoryShelf | undefined,
  ) {}

  static async open(bundledDir: string | undefined, dataDir: string, log: (line: string) => void, shelf?: SharedStoryShelf): Promise<StoryLibrary> {
    const library = new StoryLibrary(path.join(dataDir, 'stories'), log, shelf);
    if (bundledDir) await library.loadDir(bundledDir, 'bundled', log);
    await library.loadDir(library.uploadDir, 'uploaded', log);
    return library;
  }

  list(): StoryEntry[] {
    return [...this.stories.values()];
  }

  get(id: string): StoryEntry | undefined {
    return this.stories.get(id);
  }

  /** The local story, or else the one another node shelved (validated here, then cached). */
  async find(id: string): Promise<StoryEntry | undefined> {
    const local = this.stories.get(id);
    if (local !== undefined || this.shelf === undefined) return local;
    const text = await this.shelf.get(id);
    return text === undefined ? undefined : this.adopt(id, text);
  }

  /** Every local story plus every valid one on the shelf. */
  async listAll(): Promise<StoryEntry[]> {
    if (this.shelf !== undefined) {
      for (const { id, text } of await this.shelf.list()) {
        if (!this.stories.has(id)) this.adopt(id, text);
      }
    }
    return this.list();
  }

  /** Validates and stores a story; errors come back as diagnostics, nothing is stored. */
  async put(text: string): Promise<{ ok: true; story: Story; created: boolean; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] }> {
    const diagnostics = validateStory(text);
    if (hasErrors(diagnostics)) return { ok: false, diagnostics };
    const story = JSON.parse(text) as Story;
    await mkdir(this.uploadDir, { recursive: true });
    const file = path.join(this.uploadDir, `${story.id}.json`);
    const temp = `${file}.${process.pid}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    // Shelved only once the local write succeeded: a failed put leaves no trace on other nodes either.
    await this.shelf?.put(story.id, text);
    const created = !this.stories.has(story.id);
    this.stories.set(story.id, { story, source: 'uploaded' });
    return { ok: true, story, created, diagnostics };
  }

  /** Validates a shelved story as loadDir does and caches it; undefined (and a log line, once) when unusable. */
  private adopt(id: string, text: string): StoryEntry | undefined {
    if (this.rejected.get(id) === text) return undefined;
    const diagnostics = validateStory(text);
    const story = hasErrors(diagnostics) ? undefined : (JSON.parse(text) as Story);
    if (story === undefined || story.id !== id) {
      this.rejected.set(id, text);
      const why = story === undefined ? `${diagnostics.filter((d) => d.severity === 'error').length} error(s)` : `it holds story '${story.id}'`;
      this.log(`shelved story ${id}: skipped, ${why}`);
      return undefined;
    }
    this.rejected.delete(id);
    const entry: StoryEntry = { story, source: 'uploaded' };
    this.stories.set(id, entry);
    return entry;
  }

  private async loadDir(dir: string, source: StoryEntry['source'], log: (line: string) => void): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
    } catch {
      return; // no such directory yet
    }
    for (const name of names) {
      const text = await readFile(path.join(dir, name), 'utf8');
      const diagnostics = validateStory(text);
      if (hasErrors(diagnostics)) {
        log(`story ${name}: skipped, ${diagnostics.filter((d) => d.severity === 'error').length} error(s)`);
        continue;
      }
      const story = JSON.parse(text) as Story;
      this.stories.set(story.id, { story, source });
    }
  }
}

