import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix, testRedis, type RedisServer } from '../../test/support/redis-server.ts';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { StoryLibrary } from '../rooms/story-library.ts';
import { redisKeys } from '../redis/keys.ts';
import { createRedisStoryShelf } from './redis-story-shelf.ts';
import { silentLogger } from '../log/logger.ts';
import { recordingLogger } from '../../test/support/log-lines.ts';

const storiesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../stories');

let server: RedisServer;
let redis: Redis;
let lesson: Record<string, unknown>;
const dirs: TempDir[] = [];
let nextPrefix = 0;

const testKeys = () => redisKeys(`${server.prefix}${nextPrefix++}:`);
/** The bundled lesson under another id: a valid story no library has yet. */
const storyText = (id: string, title = 'Shared'): string => JSON.stringify({ ...lesson, id, title });

async function dataDir(): Promise<string> {
  const dir = await makeTempDir('branchcast-shelf-');
  dirs.push(dir);
  return dir.path;
}

beforeAll(async () => {
  server = await testRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  lesson = JSON.parse(await readFile(path.join(storiesDir, 'lesson.json'), 'utf8')) as Record<string, unknown>;
});
afterAll(async () => {
  await deleteKeysWithPrefix(redis, server.prefix);
  await redis.quit();
  await server.stop();
  await Promise.all(dirs.map((d) => d.remove()));
});

describe('createRedisStoryShelf', () => {
  it('puts, overwrites, gets and lists story texts', async () => {
    const shelf = createRedisStoryShelf(redis, testKeys());
    expect(await shelf.get('a')).toBeUndefined();
    expect(await shelf.list()).toEqual([]);
    await shelf.put('a', '{"v":1}');
    await shelf.put('b', '{"v":2}');
    await shelf.put('a', '{"v":3}');
    expect(await shelf.get('a')).toBe('{"v":3}');
    expect((await shelf.list()).sort((x, y) => x.id.localeCompare(y.id))).toEqual([{ id: 'a', text: '{"v":3}' }, { id: 'b', text: '{"v":2}' }]);
  });
});

describe('StoryLibrary over a shared shelf', () => {
  it('finds and lists on one node a story posted through another', async () => {
    const keys = testKeys();
    const other = new Redis(server.url, { maxRetriesPerRequest: 1 });
    try {
      const a = await StoryLibrary.open(storiesDir, await dataDir(), silentLogger(), createRedisStoryShelf(redis, keys));
      const b = await StoryLibrary.open(storiesDir, await dataDir(), silentLogger(), createRedisStoryShelf(other, keys));

      const put = await a.put(storyText('shared-one'));
      expect(put).toMatchObject({ ok: true, created: true });
      expect(b.get('shared-one')).toBeUndefined(); // the synchronous view stays local
      const found = await b.find('shared-one');
      expect(found).toMatchObject({ source: 'uploaded', story: { id: 'shared-one', title: 'Shared' } });
      expect(b.get('shared-one')).toBe(found); // cached after find

      await a.put(storyText('shared-two'));
      const ids = (await b.listAll()).map((e) => e.story.id);
      expect(ids).toEqual(expect.arrayContaining(['lesson', 'demo', 'shared-one', 'shared-two']));
      expect(new Set(ids).size).toBe(ids.length);
      expect(await b.find('never-posted')).toBeUndefined();
      // Locally known stories do not go to Redis at all.
      expect((await b.find('lesson'))?.source).toBe('bundled');
    } finally {
      await other.quit();
    }
  });

  it('skips an invalid shelved story with one log line, and one shelved under the wrong id', async () => {
    const keys = testKeys();
    const shelf = createRedisStoryShelf(redis, keys);
    await shelf.put('broken', '{"format":"branchcast/story@1","id":"broken"}');
    await shelf.put('alias', storyText('not-alias'));
    const { logger, lines } = recordingLogger();
    const library = await StoryLibrary.open(undefined, await dataDir(), logger, shelf);

    expect(await library.find('broken')).toBeUndefined();
    expect(await library.listAll()).toEqual([]);
    expect(await library.find('alias')).toBeUndefined();
    expect(lines.filter((l) => l.story === 'broken')).toHaveLength(1);
    expect(lines.filter((l) => l.story === 'alias').map((l) => [l.level, l.msg])).toEqual([['warn', "shelved story skipped: it holds story 'not-alias'"]]);

    // Fixed on the shelf: picked up on the next look.
    await shelf.put('broken', storyText('broken'));
    expect((await library.find('broken'))?.story.id).toBe('broken');
  });

  it('works as before without a shelf', async () => {
    const library = await StoryLibrary.open(storiesDir, await dataDir(), silentLogger());
    expect(await library.put(storyText('local-only'))).toMatchObject({ ok: true, created: true });
    expect((await library.find('local-only'))?.story.id).toBe('local-only');
    expect(await library.find('nowhere')).toBeUndefined();
    expect((await library.listAll()).map((e) => e.story.id).sort()).toEqual(library.list().map((e) => e.story.id).sort());
  });
});
