import { createRoomLogic, type RoomLogic } from '../../engine/room/index.ts';
import { createSoloFold, foldSoloInputs, soloRoomId, type SoloFold } from '../../engine/solo/index.ts';
import type { Story } from '../../engine/story.ts';
import { createKeyedSerialQueue } from '../store/keyed-serial-queue.ts';
import type { PlayBatch } from './play-batch.ts';
import { PLAY_LIMITS } from './play-limits.ts';
import type { PlayHeader, PlayStore } from './play-store.ts';

/** What a batch did; the handler maps each outcome to its HTTP answer. */
export type IngestResult =
  | { outcome: 'stored'; stored: number }
  | { outcome: 'gap'; stored: number }
  | { outcome: 'refused'; status: 400 | 409 | 413; code: string; message: string; index?: number; stored?: number };

interface Cached {
  header: PlayHeader;
  fold: SoloFold;
  bytes: number;
}

/**
 * Folds kept in memory, so a batch is checked against the play so far without
 * refolding it: at most this many plays, and plays of at most this many stored
 * bytes in all (a fold's state grows with what its play holds, e.g. pushed quizzes).
 */
const MAX_CACHED_PLAYS = 1000;
const MAX_CACHED_BYTES = 64 * 1024 * 1024;

/**
 * Takes in solo play batches: idempotent (a range already stored is
 * acknowledged again), gap-refusing (the client resends from `stored`), and
 * checked by folding every new input through the room core against the
 * story. One batch at a time per play; each is durable before it is acknowledged.
 */
export function createPlayIngest(store: PlayStore, now: () => number) {
  const queue = createKeyedSerialQueue();
  const cache = new Map<string, Cached>();
  let cachedBytes = 0;
  const forget = (key: string): void => {
    const entry = cache.get(key);
    if (entry) cachedBytes -= entry.bytes;
    cache.delete(key);
  };
  const logics = new WeakMap<Story, RoomLogic>();
  const logicOf = (story: Story): RoomLogic => logics.get(story) ?? logics.set(story, createRoomLogic(story)).get(story)!;

  /** The play so far, refolded from the store when not cached; undefined for a new play. */
  async function load(story: Story, play: string): Promise<Cached | undefined | IngestResult> {
    const key = `${story.id}/${play}`;
    const hit = cache.get(key);
    if (hit && hit.fold.logic.story === story) return remember(key, hit);
    const stored = await store.read(story.id, play);
    if (!stored) return undefined;
    const fold = createSoloFold(logicOf(story), soloRoomId(play));
    const result = foldSoloInputs(fold, stored.inputs, PLAY_LIMITS.maxPlayEvents);
    if (!result.ok) return { outcome: 'refused', status: 409, code: 'story-changed', message: `the stored play no longer fits the story (input ${result.index}: ${result.reason}); start a new play`, stored: stored.inputs.length };
    return remember(key, { header: stored.header, fold, bytes: stored.bytes });
  }

  function remember(key: string, entry: Cached): Cached {
    forget(key);
    cache.set(key, entry);
    cachedBytes += entry.bytes;
    while (cache.size > 1 && (cache.size > MAX_CACHED_PLAYS || cachedBytes > MAX_CACHED_BYTES)) forget(cache.keys().next().value as string);
    return entry;
  }

  async function ingest(story: Story, batch: PlayBatch): Promise<IngestResult> {
    const key = `${story.id}/${batch.play}`;
    const loaded = await load(story, batch.play);
    if (loaded && 'outcome' in loaded) return loaded;
    const stored = loaded?.fold.length ?? 0;
    if (loaded && loaded.header.storyVersion !== batch.storyVersion) {
      return { outcome: 'refused', status: 409, code: 'story-version-mismatch', message: `this play was started on story version '${loaded.header.storyVersion}'; start a new play for another version`, stored };
    }
    if (batch.from > stored) return { outcome: 'gap', stored };
    const fresh = batch.inputs.slice(stored - batch.from);
    if (fresh.length === 0) return { outcome: 'stored', stored };
    if (stored + fresh.length > PLAY_LIMITS.maxPlayInputs) return { outcome: 'refused', status: 413, code: 'play-too-large', message: `a play holds at most ${PLAY_LIMITS.maxPlayInputs} inputs`, stored };
    if (!loaded && (await store.list(story.id)).length >= PLAY_LIMITS.maxPlaysPerStory) {
      return { outcome: 'refused', status: 413, code: 'too-many-plays', message: `this story already has ${PLAY_LIMITS.maxPlaysPerStory} stored plays` };
    }
    const bytes = (loaded?.bytes ?? 0) + JSON.stringify(fresh).length + 1;
    if (bytes > PLAY_LIMITS.maxPlayBytes) return { outcome: 'refused', status: 413, code: 'play-too-large', message: `a play holds at most ${PLAY_LIMITS.maxPlayBytes} bytes`, stored };

    const fold = loaded?.fold ?? createSoloFold(logicOf(story), soloRoomId(batch.play));
    const result = foldSoloInputs(fold, fresh, PLAY_LIMITS.maxBatchEvents);
    const offset = stored - batch.from;
    if (!result.ok || (fold.state?.version ?? 0) > PLAY_LIMITS.maxPlayEvents) {
      forget(key); // the fold holds part of a refused batch: refold from the store next time
      if (result.ok) return { outcome: 'refused', status: 413, code: 'play-too-large', message: `a play may make the room produce at most ${PLAY_LIMITS.maxPlayEvents} events`, stored };
      const index = result.index + offset;
      return { outcome: 'refused', status: result.code === 'too-many-events' ? 413 : 400, code: result.code, message: `inputs[${index}]: ${result.reason}`, index, stored };
    }
    const last = fresh[fresh.length - 1]!.t;
    const header = loaded?.header ?? { story: story.id, play: batch.play, storyVersion: batch.storyVersion, receivedAt: now(), clockOffset: 0 };
    if (!loaded) header.clockOffset = header.receivedAt - last;
    try {
      const written = await store.append(header, fresh);
      remember(key, { header, fold, bytes: written });
    } catch (error) {
      forget(key);
      throw error;
    }
    return { outcome: 'stored', stored: fold.length };
  }

  return {
    /** Runs one batch after any earlier batch of the same play. */
    ingest: (story: Story, batch: PlayBatch): Promise<IngestResult> => queue.run(`${story.id}/${batch.play}`, () => ingest(story, batch)),
    idle: () => queue.idle(),
  };
}

export type PlayIngest = ReturnType<typeof createPlayIngest>;
