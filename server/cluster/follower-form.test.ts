/**
 * What followers hear on a room's records channel (issue 18.6): a vote
 * batch as a tick at its time (with any vote decision), every other record
 * as it is; the stream keeps the votes, for promotion.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLogEntry, encodeLogEntry, type LogEntry } from '../../engine/index.ts';
import { deleteKeysWithPrefix, testRedis, type RedisServer } from '../../test/support/redis-server.ts';
import { redisKeys } from '../redis/keys.ts';
import { readRecordMessage } from '../redis/record-message.ts';
import { createRedisRoomStore } from '../store/redis-room-store.ts';
import { followerForm, isFoldableRecord } from './record-entry.ts';

let server: RedisServer;
let prefix: string;
beforeAll(async () => {
  server = await testRedis();
  prefix = `${server.prefix}ff:`;
});
afterAll(async () => {
  const admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
  await deleteKeysWithPrefix(admin, prefix);
  await admin.quit();
  await server.stop();
});

const T = 1_800_000_000_000;
const votes: LogEntry = { k: 'input', input: { type: 'votes', t: T, votes: [['a', '1', 'x'], ['b', '1', 'y']] } };
const closing: LogEntry = { k: 'input', input: { type: 'votes', t: T + 5, votes: [['c', '1', 'x']], decided: [{ option: 'x', counts: { x: 2, y: 1 } }] } };
// A comment whose text holds the very bytes a vote batch's type has: published as it is.
const lookalike: LogEntry = { k: 'input', input: { type: 'command', t: T + 1, actor: { sub: 'h', role: 'viewer' }, id: 'c', command: { type: 'comment', text: '\u00a4type\u00a5votes', at: 1 } } };

describe('the follower form of a record', () => {
  it('is a tick for a vote batch, the record itself for anything else', () => {
    expect(decodeLogEntry(followerForm(encodeLogEntry(votes)) as Uint8Array)).toEqual({ k: 'input', input: { type: 'tick', t: T } });
    expect(decodeLogEntry(followerForm(encodeLogEntry(closing)) as Uint8Array)).toEqual({ k: 'input', input: { type: 'tick', t: T + 5, decided: [{ option: 'x', counts: { x: 2, y: 1 } }] } });
    expect(followerForm(encodeLogEntry(lookalike))).toBeUndefined();
    expect(followerForm(encodeLogEntry({ k: 'input', input: { type: 'tick', t: T } }))).toBeUndefined();
    expect(isFoldableRecord(followerForm(encodeLogEntry(closing)) as Uint8Array)).toBe(true);
  });

  it('is what the append script publishes, while the stream keeps the records', async () => {
    const store = await createRedisRoomStore({ url: server.url, prefix, publish: true, publishAs: followerForm });
    const subscriber = new Redis(server.url);
    const heard: LogEntry[] = [];
    subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => heard.push(decodeLogEntry(readRecordMessage(message)?.data as Uint8Array)));
    await subscriber.subscribe(redisKeys(prefix).records('r'));
    try {
      const entries = [votes, lookalike, closing];
      expect(await store.append('r', entries.map(encodeLogEntry))).toEqual([1, 2, 3]);
      await expect.poll(() => heard.length).toBe(3);
      expect(heard).toEqual([{ k: 'input', input: { type: 'tick', t: T } }, lookalike, { k: 'input', input: { type: 'tick', t: T + 5, decided: closing.k === 'input' ? closing.input.decided : [] } }]);
      const stored: LogEntry[] = [];
      for await (const record of store.read('r', 0)) stored.push(decodeLogEntry(record.data));
      expect(stored).toEqual(entries);
    } finally {
      subscriber.disconnect();
      await store.close();
    }
  });
});
