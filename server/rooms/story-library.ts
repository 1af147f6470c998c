import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { hasErrors, validateStory, type Diagnostic, type Story } from '../../engine/index.ts';

export interface StoryEntry {
  story: Story;
  /** 'bundled' stories ship in stories/; 'uploaded' ones came through the API. */
  source: 'bundled' | 'uploaded';
}

/**
 * The stories rooms can be created from: the bundled examples plus the ones
 * posted to the API, which persist under `<dataDir>/stories/` (written to a
 * temp file, fsynced, then renamed, so a crash never leaves half a story).
 */
export class StoryLibrary {
  private readonly stories = new Map<string, StoryEntry>();

  private constructor(private readonly uploadDir: string) {}

  static async open(bundledDir: string | undefined, dataDir: string, log: (line: string) => void): Promise<StoryLibrary> {
    const library = new StoryLibrary(path.join(dataDir, 'stories'));
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
    const created = !this.stories.has(story.id);
    this.stories.set(story.id, { story, source: 'uploaded' });
    return { ok: true, story, created, diagnostics };
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

