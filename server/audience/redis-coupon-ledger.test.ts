import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnections, testRedis, type RedisServer } from '../../test/support/redis-server.ts';
import { redisKeys } from '../redis/keys.ts';
import type { CouponClaimResult, CouponLedgerOptions } from './coupon-ledger.ts';
import { describeCouponLedgerContract } from './coupon-ledger.contract.ts';
import { CouponLedgerError, type CouponLedgerErrorCode } from './coupon-ledger-error.ts';
import { createRedisCouponLedger } from './redis-coupon-ledger.ts';

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

describeCouponLedgerContract('Redis ledger', async () => {
  const keys = testKeys();
  const redis = connect();
  return {
    open: async (options?: CouponLedgerOptions) => createRedisCouponLedger({ redis, keys, ...options }),
    spoil: async (campaign: string) => void (await redis.set(keys.couponCodes(campaign), 'not a hash')),
    // The connection closes in afterAll, and the keys sit under the server's fresh prefix.
    cleanup: async () => undefined,
  };
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

  it('reports a dead connection as a retryable store error', async () => {
    const dead = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    const offline = createRedisCouponLedger({ redis: dead, keys: testKeys() });
    const error = await expectCode(offline.claim('other', 'alice', 1), 'store');
    expect(error.cause).toBeInstanceOf(Error);
    dead.disconnect();
  });
});
