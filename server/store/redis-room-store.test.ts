import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { redisKeys } from '../redis/keys.ts';
import { createRedisRoomStore, parseRecordMessage, type RedisRoomStoreOptions } from './redis-room-store.ts';
import type { LogRecord, RoomStore } from './room-store.ts';
import { RoomStoreError } from './room-store-error.ts';
import { describeRoomStoreContract } from './room-store.contract.ts';
import { deleteKeysWithPrefix, startRedisServer, testRedis, type RedisServer } from '../../test/support/redis-server.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);
const freshPrefix = (): string => `t-${randomBytes(6).toString('hex')}:`;

async function collect(iterable: AsyncIterable<LogRecord>): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  for await (const record of iterable) out.push(record);
  return out;
}

/** 'resolved', the RoomStoreError code, or a description of any other rejection. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof RoomStoreError ? error.code : `not a RoomStoreError: ${String(error)}`),
  );
}

/**
 * A loopback TCP proxy to Redis that can lose replies: while `dropReplies` is
 * set, requests still reach Redis (and run), but the first reply byte closes
 * both sides instead of being delivered.
 */
interface ReplyDroppingProxy {
  url: string;
  dropReplies: boolean;
  close(): Promise<void>;
}
async function startReplyDroppingProxy(targetPort: number): Promise<ReplyDroppingProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (proxy.dropReplies) client.destroy();
      else client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const proxy: ReplyDroppingProxy = {
    url: `redis://127.0.0.1:${port}`,
    dropReplies: false,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

/** One redis-server (shared in CI) for the whole file; a fresh prefix per test. */
let shared: Promise<{ server: RedisServer; admin: Redis }> | undefined;
function sharedRedis(): Promise<{ server: RedisServer; admin: Redis }> {
  shared ??= (async () => {
    const server = await testRedis();
    const admin = new Redis(server.url, { lazyConnect: true });
    await admin.connect();
    return { server, admin };
  })();
  return shared;
}
afterAll(async () => {
  const done = await shared;
  await done?.admin.quit().catch(() => done.admin.disconnect());
  await done?.server.stop();
});

describeRoomStoreContract('redis', async () => {
  const { server, admin } = await sharedRedis();
  const prefix = freshPrefix();
  return {
    open: () => createRedisRoomStore({ url: server.url, prefix }),
    durable: true,
    cleanup: () => deleteKeysWithPrefix(admin, prefix),
  };
});

describe('RedisRoomStore', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A store on the shared server under a fresh prefix, closed and wiped after the test. */
  async function openStore(options: Omit<RedisRoomStoreOptions, 'url' | 'prefix'> = {}): Promise<{ store: RoomStore; admin: Redis; prefix: string; url: string }> {
    const { server, admin } = await sharedRedis();
    const prefix = freshPrefix();
    const store = await createRedisRoomStore({ url: server.url, prefix, ...options });
    cleanups.push(async () => {
      await store.close();
      await deleteKeysWithPrefix(admin, prefix);
    });
    return { store, admin, prefix, url: server.url };
  }

  it('fences appends and snapshots on the owner key', async () => {
    const { store, admin, prefix } = await openStore({ nodeId: 'a' });
    const keys = redisKeys(prefix);

    // No owner at all, then another owner: refused, and nothing is written.
    for (const owner of [undefined, 'b']) {
      if (owner !== undefined) await admin.set(keys.owner('fenced'), owner);
      expect(await codeOf(store.append('fenced', [bytes('x')]))).toBe('conflict');
      expect(await codeOf(store.writeSnapshot('fenced', { seq: 0, data: bytes('s') }))).toBe('conflict');
      expect(await admin.exists(keys.seq('fenced'), keys.log('fenced'), keys.snapshot('fenced'))).toBe(0);
      expect(await store.listRooms()).toEqual([]);
    }

    await admin.set(keys.owner('fenced'), 'a');
    expect(await store.append('fenced', [bytes('1'), bytes('2')])).toEqual([1, 2]);
    await store.writeSnapshot('fenced', { seq: 2, data: bytes('snap') });
    expect((await store.latestSnapshot('fenced'))?.seq).toBe(2);

    // The lease moves on: the old owner can no longer write, even in a batch already queued.
    await admin.set(keys.owner('fenced'), 'b');
    const results = await Promise.all(Array.from({ length: 5 }, () => codeOf(store.append('fenced', [bytes('late')]))));
    expect(results).toEqual(Array(5).fill('conflict'));
    expect((await collect(store.read('fenced', 0))).map((r) => text(r.data))).toEqual(['1', '2']);
  });

  it('refuses, as a conflict, a seq the log already holds, and leaves the counter as it was', async () => {
    const { store, admin, prefix } = await openStore();
    const keys = redisKeys(prefix);
    await store.append('forked', [bytes('1'), bytes('2'), bytes('3')]);
    await admin.set(keys.seq('forked'), '1'); // a counter that went backwards
    expect(await codeOf(store.append('forked', [bytes('dup')]))).toBe('conflict');
    expect(await admin.get(keys.seq('forked'))).toBe('1');
    expect((await collect(store.read('forked', 0))).map((r) => text(r.data))).toEqual(['1', '2', '3']);
  });

  it('publishes each appended record as `<seq> <bytes>`, in seq order', async () => {
    const { store, prefix, url } = await openStore({ publish: true });
    const subscriber = new Redis(url, { lazyConnect: true });
    await subscriber.connect();
    cleanups.push(async () => void subscriber.disconnect());
    const received: LogRecord[] = [];
    subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => received.push(parseRecordMessage(message)));
    await subscriber.subscribe(redisKeys(prefix).records('live'));

    const binary = Uint8Array.from([0, 32, 255, 32, 0, 10, 13]);
    const batch = [bytes('a b c'), binary, bytes(''), bytes(' leading space')];
    const seqs = await Promise.all([store.append('live', batch), store.append('live', [bytes('next')])]);
    expect(seqs).toEqual([[1, 2, 3, 4], [5]]);
    await expect.poll(() => received.length).toBe(5);
    expect(received.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(received.map((r) => Buffer.from(r.data).toString('hex'))).toEqual([...batch, bytes('next')].map((d) => Buffer.from(d).toString('hex')));
  });

  it('parses records messages and refuses garbage', () => {
    const data = Uint8Array.from([32, 0, 1, 32, 255]);
    const round = parseRecordMessage(Buffer.concat([Buffer.from('12345 '), data]));
    expect(round.seq).toBe(12345);
    expect(Buffer.from(round.data).equals(Buffer.from(data))).toBe(true);
    expect(parseRecordMessage(Buffer.from('7 ')).data.length).toBe(0);
    for (const garbage of ['', '12', ' 1', '01 x', '-1 x', '1.5 x', 'x 1', '99999999999999999 x', '0 x']) {
      expect(() => parseRecordMessage(Buffer.from(garbage)), garbage).toThrow(RoomStoreError);
    }
  });

  it('reports every group commit to onCommit', async () => {
    const commits: Array<{ room: string; records: number; ms: number }> = [];
    const { store } = await openStore({ onCommit: (info) => commits.push(info) });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.append('m', [bytes(`${i}`), bytes('x')])));
    expect(commits.reduce((sum, c) => sum + c.records, 0)).toBe(40);
    expect(commits.every((c) => c.room === 'm' && c.ms >= 0)).toBe(true);
  });
});

describe('RedisRoomStore on a private redis-server', () => {
  let server: RedisServer | undefined;
  let store: RoomStore | undefined;
  afterEach(async () => {
    await store?.close();
    await server?.stop();
    store = undefined;
    server = undefined;
  });

  async function scriptCalls(admin: Redis): Promise<number> {
    // ioredis sends the first call on a connection as EVAL, the rest as EVALSHA.
    const info = await admin.info('commandstats');
    const calls = (name: string): number => Number(new RegExp(`^cmdstat_${name}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
    return calls('eval') + calls('evalsha');
  }

  it('group-commits 200 concurrent appends into a few script calls, seqs in call order', async () => {
    server = await startRedisServer();
    const admin = new Redis(server.url);
    try {
      store = await createRedisRoomStore({ url: server.url, prefix: server.prefix });
      await store.append('warm', [bytes('w')]);
      const before = await scriptCalls(admin);
      const seqs = await Promise.all(Array.from({ length: 200 }, (_, i) => store?.append('busy', [bytes(`c${i}`)]) ?? []));
      const calls = (await scriptCalls(admin)) - before;
      expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => [i + 1]));
      expect(calls).toBeGreaterThanOrEqual(1);
      expect(calls).toBeLessThanOrEqual(5);
      expect((await collect(store.read('busy', 0))).map((r) => text(r.data))).toEqual(Array.from({ length: 200 }, (_, i) => `c${i}`));
    } finally {
      admin.disconnect();
    }
  });

  it('rejects in-flight and later appends with io when Redis dies, without hanging', async () => {
    server = await startRedisServer();
    store = await createRedisRoomStore({ url: server.url, prefix: server.prefix });
    const live = store;
    await live.append('doomed', [bytes('before')]);
    // Keep several rooms busy so scripts are in flight when the server dies.
    const pending: Array<Promise<string>> = [];
    const big = new Uint8Array(64 * 1024);
    for (let i = 0; i < 200; i++) pending.push(codeOf(live.append(`doomed-${i % 4}`, [bytes(`${i}`), big])));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const killed = Date.now();
    await server.stop();
    const outcomes = await Promise.race([
      Promise.all(pending),
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5_000).unref()),
    ]);
    expect(outcomes).not.toBe('hung');
    const codes = new Set(outcomes as string[]);
    expect([...codes].every((code) => code === 'io' || code === 'resolved')).toBe(true);
    expect(codes.has('io')).toBe(true);
    expect(Date.now() - killed).toBeLessThan(5_000);
    // Later calls fail fast too, instead of queueing for a server that is gone.
    expect(await codeOf(live.append('doomed', [bytes('after')]))).toBe('io');
    expect(await codeOf(live.writeSnapshot('doomed', { seq: 0, data: bytes('s') }))).toBe('io');
    expect(await codeOf(collect(live.read('doomed', 0)))).toBe('io');
    expect(await codeOf(live.listRooms())).toBe('io');
    // close() still finishes, and the store is closed afterwards.
    await live.close();
    expect(await codeOf(live.append('doomed', [bytes('closed')]))).toBe('closed');
  });

  it('rejects an append whose reply was lost with io, and never sends it again', async () => {
    server = await startRedisServer();
    const proxy = await startReplyDroppingProxy(server.port);
    try {
      store = await createRedisRoomStore({ url: proxy.url, prefix: server.prefix });
      const live = store;
      expect(await live.append('lost', [bytes('first')])).toEqual([1]);
      proxy.dropReplies = true;
      expect(await codeOf(live.append('lost', [bytes('ran, reply lost')]))).toBe('io');
      proxy.dropReplies = false;
      // ioredis reconnects on its own; a resent script would show up as a second copy.
      await expect.poll(async () => codeOf(live.append('lost', [bytes('after')])), { timeout: 5_000 }).toBe('resolved');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await collect(live.read('lost', 0))).map((r) => [r.seq, text(r.data)])).toEqual([[1, 'first'], [2, 'ran, reply lost'], [3, 'after']]);
    } finally {
      await store?.close();
      store = undefined;
      await proxy.close();
    }
  });

  it('rejects with io when no Redis answers at the URL', async () => {
    server = await startRedisServer();
    const url = server.url;
    await server.stop();
    expect(await codeOf(createRedisRoomStore({ url }))).toBe('io');
  });
});
