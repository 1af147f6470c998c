/**
 * Stories posted through any node of a cluster (issue 8), so that a room can
 * be created on a node other than the one that received the story. One Redis
 * HASH, `keys.stories`: story id → the story's JSON text exactly as posted.
 *
 * The shelf stores text, not parsed stories: each node validates what it reads
 * (StoryLibrary.find / listAll), so a node never trusts another node's
 * validator version.
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/keys.ts';

export interface SharedStoryShelf {
  /** Stores the (already validated) story JSON text under its id, overwriting. */
  put(id: string, text: string): Promise<void>;
  get(id: string): Promise<string | undefined>;
  list(): Promise<Array<{ id: string; text: string }>>;
}

/**
 * A shelf in `redis` (not closed by the shelf: its owner does).
 *
 * @example
 *   const library = await StoryLibrary.open(storiesDir, dataDir, log, createRedisStoryShelf(redis, keys));
 */
export function createRedisStoryShelf(redis: Redis, keys: RedisKeys): SharedStoryShelf {
  return {
    async put(id, text) {
      await redis.hset(keys.stories, id, text);
    },

    async get(id) {
      return (await redis.hget(keys.stories, id)) ?? undefined;
    },

    async list() {
      // HGETALL in one reply: a shelf holds tens of stories, not millions.
      const all = await redis.hgetall(keys.stories);
      return Object.entries(all).map(([id, text]) => ({ id, text }));
    },
  };
}
