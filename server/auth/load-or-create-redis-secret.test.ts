import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnections, testRedis, type RedisServer } from '../../test/support/redis-server.ts';
import { redisKeys } from '../redis/keys.ts';
import { RedisSecretError, loadOrCreateRedisSecret } from './load-or-create-redis-secret.ts';

let server: RedisServer;
let nextPrefix = 0;

const { connect, closeAll } = redisConnections(() => server);
const testKeys = () => redisKeys(`${server.prefix}${nextPrefix++}:`);

beforeAll(async () => {
  server = await testRedis();
});
afterAll(async () => {
  await closeAll();
  await server.stop();
});

describe('loadOrCreateRedisSecret', () => {
  it('gives 5 nodes starting together one keyring, created by exactly one of them', async () => {
    const keys = testKeys();
    const nodes = Array.from({ length: 5 }, connect);
    const results = await Promise.all(nodes.map((redis) => loadOrCreateRedisSecret(redis, keys)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const first = results[0]?.secrets;
    expect(first).toHaveLength(1);
    expect(first?.[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(results.every((r) => JSON.stringify(r.secrets) === JSON.stringify(first))).toBe(true);
    expect(await loadOrCreateRedisSecret(connect(), keys)).toEqual({ secrets: first, created: false });
  });

  it('reads a rotation keyring, first line first, skipping comments and blanks', async () => {
    const keys = testKeys();
    const redis = connect();
    const [a, b] = ['a'.repeat(40), 'b'.repeat(40)];
    await redis.set(keys.secret, `# new key first\n${a}\n\n  ${b}  \n`);
    expect(await loadOrCreateRedisSecret(redis, keys)).toEqual({ secrets: [a, b], created: false });
  });

  it('refuses an unusable keyring with a clear error instead of replacing it', async () => {
    const redis = connect();
    for (const [content, message] of [
      ['short\n', /key 1 must be at least 32 characters/],
      [`${'a'.repeat(40)}\nshort\n`, /key 2 must be at least 32 characters/],
      [`${'a'.repeat(40)} ${'b'.repeat(40)}\n`, /without spaces/],
      ['# only a comment\n', /holds no signing key/],
      ['', /holds no signing key/],
    ] as const) {
      const keys = testKeys();
      await redis.set(keys.secret, content);
      const error: unknown = await loadOrCreateRedisSecret(redis, keys).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisSecretError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain(keys.secret);
      expect(await redis.get(keys.secret)).toBe(content);
    }
  });

  it('wraps a Redis failure', async () => {
    const offline = new Redis(server.url, { lazyConnect: true, enableOfflineQueue: false });
    const error: unknown = await loadOrCreateRedisSecret(offline, testKeys()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisSecretError);
    expect((error as Error).cause).toBeInstanceOf(Error);
    offline.disconnect();
  });
});
