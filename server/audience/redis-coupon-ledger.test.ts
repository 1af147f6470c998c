import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redisConnections, testRedis, type RedisServer } from '../../test/support/redis-server.ts';
import { redisKeys } from '../redis/keys.ts';
import { createMemoryRoomStore } from '../store/memory-room-store.ts';
import { createCouponLedger, type CouponClaimResult, type CouponLedger, type CouponLedgerOptions } from './coupon-ledger.ts';
import { CouponLedgerError, type CouponLedgerErrorCode } from './coupon-ledger-error.ts';
import { createRedisCouponLedger } from './redis-coupon-ledger.ts';

const CROCKFORD_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;
const subs = (n: number, prefix = 'viewer-'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function codeOf(result: CouponClaimResult | undefined): string {
  if (!result?.ok) throw new Error('expected a code');
  return result.code;
}

async function expectCode(promise: Promise<unknown>, code: CouponLedgerErrorCode): Promise<CouponLedgerError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CouponLedgerError);
  expect((error as CouponLedgerError).code).toBe(code);
  return error as CouponLedgerError;
}

let server: RedisServer;
let nextPrefix = 0;

const { connect, closeAll } = redisConnections(() => server);

/** A prefix under the server's fresh one, so each test starts empty and afterAll can sweep them all. */
const testKeys = () => redisKeys(`${server.prefix}${nextPrefix++}:`);

beforeAll(async () => {
  server = await testRedis();
});
afterAll(async () => {
  await closeAll();
  await server.stop();
});

/**
 * The CouponLedger contract, run against both implementations: whatever the
 * embedded ledger promises, the Redis one must promise too (so register-rooms
 * can swap them).
 */
type MakeLedger = (options?: CouponLedgerOptions) => Promise<CouponLedger>;
const implementations: Array<[string, () => MakeLedger]> = [
  ['Redis ledger', () => {
    const keys = testKeys();
    const redis = connect();
    return async (options) => createRedisCouponLedger({ redis, keys, ...options });
  }],
  ['embedded ledger (memory store)', () => {
    const store = createMemoryRoomStore();
    return (options) => createCouponLedger(store, options);
  }],
];

describe.each(implementations)('CouponLedger contract: %s', (_name, setup) => {
  let make: MakeLedger;
  let ledger: CouponLedger;
  beforeEach(async () => {
    make = setup();
    ledger = await make();
  });
  afterEach(async () => {
    await ledger.close();
  });

  it('holds the limit, gives each winner one unpredictable code, and answers re-claims with it', async () => {
    const viewers = subs(500);
    const results = await Promise.all(viewers.map((sub) => ledger.claim('spring-red', sub, 100)));
    const codes = results.filter((r) => r.ok).map(codeOf);
    expect(codes).toHaveLength(100);
    expect(new Set(codes).size).toBe(100);
    expect(codes.every((code) => CROCKFORD_CODE.test(code))).toBe(true);
    expect(results.filter((r) => r.ok && r.fresh)).toHaveLength(100);
    expect(results.filter((r) => !r.ok && r.reason === 'sold-out')).toHaveLength(400);
    expect(await ledger.issued('spring-red')).toBe(100);

    const winners = viewers.filter((_, i) => results[i]?.ok);
    const again = await Promise.all(winners.map((sub) => ledger.claim('spring-red', sub, 100)));
    expect(again).toEqual(codes.map((code) => ({ ok: true, code, fresh: false })));
    // A later ledger over the same data (a restart, another node) sees the same codes.
    const other = await make();
    expect(await other.claim('spring-red', winners[0] as string, 100)).toEqual({ ok: true, code: codes[0], fresh: false });
    expect(await other.claim('spring-red', 'newcomer', 100)).toEqual({ ok: false, reason: 'sold-out' });
    await other.close();
  });

  it('gives one code to concurrent claims by the same viewer', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => ledger.claim('c', 'alice', 10)));
    expect(new Set(results.map(codeOf)).size).toBe(1);
    expect(results.filter((r) => r.ok && r.fresh)).toHaveLength(1);
    expect(await ledger.issued('c')).toBe(1);
  });

  it('keeps campaigns independent; no limit issues freely, a limit of 0 issues nothing', async () => {
    const [a, b] = await Promise.all([ledger.claim('lipstick', 'alice', 1), ledger.claim('perfume', 'alice', 1)]);
    expect(codeOf(a)).not.toBe(codeOf(b));
    expect(await ledger.claim('lipstick', 'bob', 1)).toEqual({ ok: false, reason: 'sold-out' });
    expect(await ledger.claim('lipstick', 'alice', 1)).toEqual({ ok: true, code: codeOf(a), fresh: false });
    const open = await Promise.all(subs(200).map((sub) => ledger.claim('open', sub, undefined)));
    expect(new Set(open.map(codeOf)).size).toBe(200);
    expect(await ledger.claim('zero', 'alice', 0)).toEqual({ ok: false, reason: 'sold-out' });
    expect([await ledger.issued('lipstick'), await ledger.issued('open'), await ledger.issued('nothing-yet')]).toEqual([1, 200, 0]);
  });

  it('regenerates a code that collides with an issued one, and gives up on a broken generator', async () => {
    await ledger.close();
    ledger = await make({ codeFor: (_campaign, sub, attempt) => (attempt === 0 ? 'SAME' : `${sub}-${attempt}`) });
    expect(codeOf(await ledger.claim('c', 'a', undefined))).toBe('SAME');
    expect(codeOf(await ledger.claim('c', 'b', undefined))).toBe('b-1');
    const stuck = await make({ codeFor: () => 'SAME' });
    await expectCode(stuck.claim('c', 'd', undefined), 'code-collision');
    expect(await stuck.issued('c')).toBe(2);
    await stuck.close();
  });

  it('refuses bad arguments, and claims after close, with typed errors; close settles claims already made', async () => {
    await expectCode(ledger.claim('bad id', 'alice', 1), 'invalid-argument');
    await expectCode(ledger.claim('c'.repeat(65), 'alice', 1), 'invalid-argument');
    await expectCode(ledger.claim('c', '', 1), 'invalid-argument');
    await expectCode(ledger.claim('c', 'x'.repeat(257), 1), 'invalid-argument');
    await expectCode(ledger.claim('c', 'alice', -1), 'invalid-argument');
    await expectCode(ledger.claim('c', 'alice', 1.5), 'invalid-argument');
    await expectCode(ledger.issued('../c'), 'invalid-argument');
    const pending = ledger.claim('c', 'alice', 1);
    await ledger.close();
    expect(await pending).toMatchObject({ ok: true, fresh: true });
    await expectCode(ledger.claim('c', 'bob', 1), 'closed');
    await expectCode(ledger.issued('c'), 'closed');
  });
});

describe('Redis coupon ledger across nodes', () => {
  it('holds the limit exactly when 3 connections race 2,000 claims by 1,000 viewers', async () => {
    const keys = testKeys();
    const ledgers = [connect(), connect(), connect()].map((redis) => createRedisCouponLedger({ redis, keys }));
    const viewers = subs(1000);
    // Every viewer claims twice, through two different nodes, all at once.
    const claims = viewers.flatMap((sub, i) => [
      ledgers[i % 3]?.claim('flash', sub, 300) as Promise<CouponClaimResult>,
      ledgers[(i + 1) % 3]?.claim('flash', sub, 300) as Promise<CouponClaimResult>,
    ]);
    const results = await Promise.all(claims);

    const fresh = results.filter((r) => r.ok && r.fresh).map(codeOf);
    expect(fresh).toHaveLength(300);
    expect(new Set(fresh).size).toBe(300);
    expect(new Set(results.filter((r) => r.ok).map(codeOf)).size).toBe(300);
    // Both claims of a viewer agree: both the code, or both sold out.
    for (let i = 0; i < viewers.length; i++) {
      const [first, second] = [results[2 * i], results[2 * i + 1]];
      expect(first?.ok ? first.code : 'sold-out').toBe(second?.ok ? second.code : 'sold-out');
    }
    expect(results.filter((r) => !r.ok)).toHaveLength(1400);
    expect(await Promise.all(ledgers.map((l) => l.issued('flash')))).toEqual([300, 300, 300]);
    expect(await connect().hlen(keys.couponCodes('flash'))).toBe(600);
    await Promise.all(ledgers.map((l) => l.close()));
  });

  it('reports a key holding something else as corrupt, and a dead connection as a retryable store error', async () => {
    const keys = testKeys();
    const redis = connect();
    await redis.set(keys.couponCodes('c'), 'not a hash');
    const ledger = createRedisCouponLedger({ redis, keys });
    await expectCode(ledger.claim('c', 'alice', 1), 'corrupt');
    await expectCode(ledger.issued('c'), 'corrupt');

    const dead = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    const offline = createRedisCouponLedger({ redis: dead, keys });
    const error = await expectCode(offline.claim('other', 'alice', 1), 'store');
    expect(error.cause).toBeInstanceOf(Error);
    dead.disconnect();
  });
});
