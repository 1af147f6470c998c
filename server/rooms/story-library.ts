import path from 'node:path';
import { defaultText } from '../../engine/text.ts';
import { parseStory, storyVersion, type Diagnostic, type Story } from '../../engine/index.ts';
import { principalId, type Principal } from '../auth/principal.ts';
import type { SharedStoryShelf } from '../stories/redis-story-shelf.ts';
import { createKeyedSerialQueue } from '../store/keyed-serial-queue.ts';
import { createFileStoryVersionStore } from '../stories/file-story-version-store.ts';
import { loadStoryDir, parseValidStory } from '../stories/load-stories.ts';
import { checkSaveConditions, type SaveConditions } from '../stories/save-precondition.ts';
import { canShare, canWrite } from '../stories/story-access.ts';
import { OPERATOR, type StoryRecord, type StoryVersionStore, type VersionInfo } from '../stories/story-version-store.ts';
import type { Logger } from '../log/logger.ts';

export interface StoryEntry {
  story: Story;
  /** 'bundled' stories ship in stories/; 'uploaded' ones came through the API (and shadow a bundled one of the same id). */
  source: 'bundled' | 'uploaded';
  /** storyVersion(story): the story's ETag and the id of its current version. */
  version: string;
  /** `operator`, or the id of the author who created it. */
  owner: string;
  shares: readonly string[];
}

export type SaveOutcome =
  | { ok: true; story: Story; entry: StoryEntry; created: boolean; diagnostics: Diagnostic[] }
  | { ok: false; reason: 'invalid'; diagnostics: Diagnostic[] }
  | { ok: false; reason: 'id-mismatch'; id: string }
  | { ok: false; reason: 'forbidden' }
  | { ok: false; reason: 'precondition-failed' | 'precondition-required'; current: VersionInfo };

export type ShareOutcome = { ok: true; shares: readonly string[] } | { ok: false; reason: 'not-found' | 'forbidden' };

const info = (story: Story, savedAt: number | null, savedBy: string): VersionInfo => ({ version: storyVersion(story), savedAt, savedBy, title: defaultText(story.title, story), nodes: Object.keys(story.nodes).length });

/**
 * The stories rooms can be created from: the bundled examples (`--stories`,
 * version 1 of their id, never written) plus the ones saved through the API.
 * Every save is a new version under `<dataDir>/story-versions/` (see
 * StoryVersionStore), so old versions stay readable; saves of one story run
 * one at a time, so a conditional save's check and write never interleave.
 * Stories saved by an older server in `<dataDir>/stories/` are imported once.
 *
 * In cluster mode a `shelf` (server/stories/redis-story-shelf.ts) shares the
 * operator's current stories between nodes (authors' stories and version
 * history stay on the node that saved them): `find` / `listAll` pick up what
 * other nodes shelved. A story already known locally wins over the shelf's
 * copy; `get` / `list` stay local and synchronous.
 */
export class StoryLibrary {
  private readonly stories = new Map<string, StoryEntry>();
  private readonly records = new Map<string, StoryRecord>();
  private readonly bundled = new Map<string, { text: string; story: Story }>();
  private readonly queue = createKeyedSerialQueue();
  /** Shelf texts that failed validation, so each is logged once rather than on every listAll. */
  private readonly rejected = new Map<string, string>();

  private constructor(
    private readonly store: StoryVersionStore,
    private readonly log: Logger,
    private readonly shelf: SharedStoryShelf | undefined,
    private readonly now: () => number,
  ) {}

  static async open(bundledDir: string | undefined, dataDir: string, log: Logger, shelf?: SharedStoryShelf, options: { store?: StoryVersionStore; now?: () => number } = {}): Promise<StoryLibrary> {
    const store = options.store ?? createFileStoryVersionStore(path.join(dataDir, 'story-versions'), log);
    const library = new StoryLibrary(store, log, shelf, options.now ?? Date.now);
    for (const { story, text } of bundledDir ? await loadStoryDir(bundledDir, log) : []) {
      library.bundled.set(story.id, { text, story });
      library.stories.set(story.id, { story, source: 'bundled', version: storyVersion(story), owner: OPERATOR, shares: [] });
    }
    for (const record of await store.records()) await library.loadRecord(record);
    // Stories an older server stored in <dataDir>/stories/ become the first version of their id.
    for (const { story, text, mtimeMs } of await loadStoryDir(path.join(dataDir, 'stories'), log)) {
      if (library.records.has(story.id)) continue;
      await library.commit({ id: story.id, owner: OPERATOR, shares: [], versions: [] }, story, text, info(story, Math.floor(mtimeMs), OPERATOR), false);
    }
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

  /** The story's versions, newest first (the bundled file last); undefined for an unknown story. */
  async history(id: string): Promise<VersionInfo[] | undefined> {
    const entry = await this.find(id);
    if (entry === undefined) return undefined;
    const base = this.bundled.get(id);
    const stored = this.records.get(id)?.versions ?? [];
    const history = [...stored, ...(base ? [info(base.story, null, 'bundled')] : [])];
    return history.length > 0 ? history : [info(entry.story, null, entry.owner)];
  }

  /** One version's text as it was saved; undefined when the story never had that version. */
  async versionText(id: string, version: string): Promise<string | undefined> {
    const entry = await this.find(id);
    if (entry === undefined) return undefined;
    const base = this.bundled.get(id);
    if (base !== undefined && storyVersion(base.story) === version) return base.text;
    if (this.records.get(id)?.versions.some((v) => v.version === version)) return this.store.readText(id, version);
    return entry.version === version ? JSON.stringify(entry.story) : undefined;
  }

  /** POST /api/stories: create or replace unconditionally, as the operator. */
  put(text: string): Promise<SaveOutcome> {
    return this.save(text, { by: { kind: 'operator' }, conditions: { requireCondition: false } });
  }

  /**
   * Validates and saves a story as a new version, if `by` may write it and the
   * conditions hold against its current version. Saving the current content
   * again stores nothing (`created: false`, same version).
   */
  async save(text: string, options: { by: Principal; id?: string; conditions: SaveConditions }): Promise<SaveOutcome> {
    // Parsed once: the story that validated is the one stored, shelved and handed to rooms.
    const { story, diagnostics } = parseStory(text);
    if (story === undefined) return { ok: false, reason: 'invalid', diagnostics };
    if (options.id !== undefined && story.id !== options.id) return { ok: false, reason: 'id-mismatch', id: story.id };
    const savedBy = principalId(options.by);
    if (savedBy === undefined) return { ok: false, reason: 'forbidden' };
    return this.queue.run(story.id, async (): Promise<SaveOutcome> => {
      const current = await this.find(story.id);
      if (!canWrite(options.by, current)) return { ok: false, reason: 'forbidden' };
      const condition = checkSaveConditions(options.conditions, current?.version);
      if (condition !== 'ok') {
        const head = (await this.history(story.id))?.[0] ?? info(story, null, OPERATOR);
        return { ok: false, reason: condition === 'failed' ? 'precondition-failed' : 'precondition-required', current: head };
      }
      const version = storyVersion(story);
      if (current !== undefined && current.version === version) return { ok: true, story: current.story, entry: current, created: false, diagnostics };
      const record = this.records.get(story.id) ?? { id: story.id, owner: current?.owner ?? savedBy, shares: [...(current?.shares ?? [])], versions: [] };
      if (current !== undefined && record.versions.length === 0 && current.source !== 'bundled') {
        // A story adopted from the shelf has no local history yet: keep what it was as the older version.
        await this.store.putText(story.id, current.version, JSON.stringify(current.story));
        record.versions = [info(current.story, null, current.owner)];
      }
      const entry = await this.commit(record, story, text, info(story, this.now(), savedBy), true);
      return { ok: true, story, entry, created: current === undefined, diagnostics };
    });
  }

  /** Adds or removes an author from a story's shares (the owner or the operator). */
  async share(id: string, by: Principal, author: string, shared: boolean): Promise<ShareOutcome> {
    return this.queue.run(id, async (): Promise<ShareOutcome> => {
      const entry = await this.find(id);
      if (entry === undefined) return { ok: false, reason: 'not-found' };
      if (!canShare(by, entry)) return { ok: false, reason: 'forbidden' };
      const record = this.records.get(id) ?? { id, owner: entry.owner, shares: [...entry.shares], versions: [] };
      const shares = shared ? [...new Set([...record.shares, author])] : record.shares.filter((a) => a !== author);
      const next = { ...record, shares };
      await this.store.putRecord(next);
      this.records.set(id, next);
      this.stories.set(id, { ...entry, shares });
      return { ok: true, shares };
    });
  }

  /** Stores the text, then the record naming it (so a crash never names a missing text), then shelves it. */
  private async commit(record: StoryRecord, story: Story, text: string, saved: VersionInfo, shelve: boolean): Promise<StoryEntry> {
    await this.store.putText(story.id, saved.version, text);
    const next: StoryRecord = { ...record, versions: [saved, ...record.versions] };
    await this.store.putRecord(next);
    // Shelved only once the local write succeeded: a failed save leaves no trace on other nodes either.
    if (shelve && next.owner === OPERATOR) await this.shelf?.put(story.id, text);
    this.records.set(story.id, next);
    const entry: StoryEntry = { story, source: 'uploaded', version: saved.version, owner: next.owner, shares: next.shares };
    this.stories.set(story.id, entry);
    return entry;
  }

  /** A stored record at startup: its newest version becomes the story (validated again, the validator may have grown stricter). */
  private async loadRecord(record: StoryRecord): Promise<void> {
    this.records.set(record.id, record);
    const newest = record.versions[0];
    if (newest === undefined) {
      const base = this.stories.get(record.id);
      if (base !== undefined) this.stories.set(record.id, { ...base, owner: record.owner, shares: record.shares });
      return;
    }
    const text = await this.store.readText(record.id, newest.version);
    const parsed = text === undefined ? { reason: 'its text is missing' } : parseValidStory(text);
    if ('reason' in parsed || parsed.story.id !== record.id) {
      this.log.warn({ story: record.id, version: newest.version }, `story version skipped: ${'reason' in parsed ? parsed.reason : `it holds story '${parsed.story.id}'`}`);
      return;
    }
    this.stories.set(record.id, { story: parsed.story, source: 'uploaded', version: storyVersion(parsed.story), owner: record.owner, shares: record.shares });
  }

  /** Validates a shelved story as loading does and caches it; undefined (and a log line, once) when unusable. */
  private adopt(id: string, text: string): StoryEntry | undefined {
    if (this.rejected.get(id) === text) return undefined;
    const parsed = parseValidStory(text);
    if ('reason' in parsed || parsed.story.id !== id) {
      this.rejected.set(id, text);
      this.log.warn({ story: id }, `shelved story skipped: ${'reason' in parsed ? parsed.reason : `it holds story '${parsed.story.id}'`}`);
      return undefined;
    }
    this.rejected.delete(id);
    const entry: StoryEntry = { story: parsed.story, source: 'uploaded', version: storyVersion(parsed.story), owner: OPERATOR, shares: [] };
    this.stories.set(id, entry);
    return entry;
  }
}
