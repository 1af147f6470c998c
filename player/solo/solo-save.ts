/**
 * A solo run as saved in the browser: the story and its version, the input
 * log (the run IS its log: refolding it restores path, variables, scores
 * and position) and the session time it was saved at. Kept in localStorage
 * per story, so a reload, or coming back tomorrow, lands where the viewer left.
 */
import type { RoomInput } from '../../engine/room/room-types.ts';

export const SAVE_FORMAT = 'branchcast/solo-save@1';

export interface SoloSave {
  format: typeof SAVE_FORMAT;
  story: string;
  /** storyVersion() of the story the log was made on. */
  storyVersion: string;
  log: RoomInput[];
  /** Session time (ms) when saved: the clock continues from here. */
  now: number;
  /** Wall-clock ms, for "last watched" displays. */
  savedAt: number;
  /** The analytics play this run reports as (kept across reloads, so batches stay one play). */
  play: string;
}

/** The minimal Storage surface (localStorage, or a Map in tests). */
export interface SaveStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A story's version (engine/solo: a hash of its canonical JSON, also the server's ETag for it), so any edit makes a new one. */
export { storyVersion } from '../../engine/solo/story-version.ts';

const keyOf = (storyId: string): string => `branchcast:solo:${storyId}`;

export function readSave(storage: SaveStorage | undefined, storyId: string): SoloSave | undefined {
  try {
    const raw = storage?.getItem(keyOf(storyId));
    if (!raw) return undefined;
    return parseSave(JSON.parse(raw), storyId);
  } catch {
    return undefined; // unreadable or foreign: start afresh rather than fail
  }
}

export function writeSave(storage: SaveStorage | undefined, save: SoloSave): void {
  try {
    storage?.setItem(keyOf(save.story), JSON.stringify(save));
  } catch {
    // quota or private mode: the run goes on, it just will not resume
  }
}

export function clearSave(storage: SaveStorage | undefined, storyId: string): void {
  try { storage?.removeItem(keyOf(storyId)); } catch { /* as above */ }
}

/** A save of `storyId` in the saved form, or undefined (from storage, or from the server). */
export function parseSave(value: unknown, storyId: string): SoloSave | undefined {
  return isSave(value) && value.story === storyId ? value : undefined;
}

function isSave(v: unknown): v is SoloSave {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return s.format === SAVE_FORMAT && typeof s.story === 'string' && typeof s.storyVersion === 'string' && Array.isArray(s.log) && typeof s.now === 'number' && Number.isFinite(s.now) && typeof s.play === 'string';
}
