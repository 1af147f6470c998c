/**
 * Where saved stories live, version by version (issue 16, the studio): for
 * each story id a record (owner, shares, history) and the text of every
 * version it names. Adapters: createFileStoryVersionStore (the data
 * directory, atomic and durable) and createMemoryStoryVersionStore (tests).
 */

/** Who saved a version: `operator`, an author id, or `bundled` for a story's file in --stories. */
export type SavedBy = string;

/** One entry of a story's history. `version` is engine storyVersion: the story's ETag. */
export interface VersionInfo {
  version: string;
  /** Epoch ms; null for the bundled file. */
  savedAt: number | null;
  savedBy: SavedBy;
  title: string;
  nodes: number;
}

/** Everything known about a stored story except the texts. */
export interface StoryRecord {
  id: string;
  /** `operator` or the id of the author who created it. */
  owner: string;
  /** Author ids the owner shared it with. */
  shares: string[];
  /** Newest first; empty only for a bundled story that was shared but never saved. */
  versions: VersionInfo[];
}

export interface StoryVersionStore {
  /** Every record, for loading at startup. */
  records(): Promise<StoryRecord[]>;
  /** Replaces a story's record; resolves once durable. */
  putRecord(record: StoryRecord): Promise<void>;
  /** The text of one version, as it was posted; undefined when not stored. */
  readText(id: string, version: string): Promise<string | undefined>;
  /** Stores a version's text (idempotent: a version's text never changes); resolves once durable. */
  putText(id: string, version: string, text: string): Promise<void>;
}

/** Story ids and versions name directories and files. */
export const STORY_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const VERSION_ID = /^[0-9a-f]{16}$/;

/** The owner of operator-made and bundled stories. */
export const OPERATOR = 'operator';
