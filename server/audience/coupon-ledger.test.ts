import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { createFileRoomStore } from '../store/file-room-store.ts';
import { createMemoryRoomStore } from '../store/memory-room-store.ts';
import { isValidRoomId } from '../store/room-id.ts';
import type { RoomStore } from '../store/room-store.ts';
import { RoomStoreError } from '../store/room-store-error.ts';
import { createCouponLedger, type CouponClaimResult, type CouponLedger } from './coupon-ledger.ts';
import { CouponLedgerError, type CouponLedgerErrorCode } from './coupon-ledger-error.ts';
import { couponLogId } from './coupon-log-id.ts';

const CROCKFORD_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;
const subs = (n: number, prefix = 'viewer-'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

async function logLength(store: RoomStore, campaign: string): Promise<number> {
  let n = 0;
  for await (const _record of store.read(couponLogId(campaign), 0)) n++;
  return n;
}

async function expectCode(promise: Promise<unknown>, code: CouponLedgerErrorCode): Promise<CouponLedgerError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CouponLedgerError);
  expect((error as CouponLedgerError).code).toBe(code);
  return error as CouponLedgerError;
}

function codeOf(result: CouponClaimResult): string {
  if (!result.ok) throw new Error('expected a code');
  return result.code;
}

/** A store whose next `failures` appends reject, as a full disk would. */
function failingAppends(store: RoomStore, failures: number): RoomStore {
  let left = failures;
  return {
    ...store,
    append: (room, records) => {
      if (left-- > 0) return Promise.reject(new RoomStoreError('io', 'disk full (test)'));
      return store.append(room, records);
    },
  };
}

interface Backing {
  store: RoomStore;
  /** The same durable data as seen by a fresh process (the memory store can only hand back itself). */
  restart(): Promise<RoomStore>;
  dispose(): Promise<void>;
}

const backings: Array<[string, () => Promise<Backing>]> = [
  ['file store', async () => {
    const dir: TempDir = await makeTempDir('branchcast-coupons-');
    const backing: Backing = {
      store: await createFileRoomStore(dir.path),
      async restart() {
        await backing.store.close();
        backing.store = await createFileRoomStore(dir.path);
        return backing.store;
      },
      async dispose() {
        await backing.store.close();
        await dir.remove();
      },
    };
    return backing;
  }],
  ['memory store', async () => {
    const store = createMemoryRoomStore();
    return { store, restart: async () => store, dispose: () => store.close() };
  }],
];

describe.each(backings)('CouponLedger over the %s', (_name, makeBacking) => {
  let backing: Backing;
  let ledger: CouponLedger;

  beforeEach(async () => {
    backing = await makeBacking();
    ledger = await createCouponLedger(backing.store);
  });
  afterEach(async () => {
    await ledger.close();
    await backing.dispose();
  });

  it('holds the limit exactly under 10,000 concurrent claims; retries and a restart get the same codes', async () => {
    const viewers = subs(10_000);
    const results = await Promise.all(viewers.map((sub) => ledger.claim('spring-red', sub, 1000)));

    const winners = viewers.filter((_, i) => results[i]?.ok);
    const codes = results.filter((r) => r.ok).map(codeOf);
    expect(codes).toHaveLength(1000);
    expect(new Set(codes).size).toBe(1000);
    expect(codes.every((code) => CROCKFORD_CODE.test(code))).toBe(true);
    expect(results.filter((r) => r.ok && r.fresh)).toHaveLength(1000);
    expect(results.filter((r) => !r.ok && r.reason === 'sold-out')).toHaveLength(9000);
    expect(await ledger.issued('spring-red')).toBe(1000);
    expect(await logLength(backing.store, 'spring-red')).toBe(1000);

    const byWinner = new Map(winners.map((sub, i) => [sub, codes[i]]));
    const retried = await Promise.all(winners.map((sub) => ledger.claim('spring-red', sub, 1000)));
    expect(retried.map((r) => (r.ok ? [r.code, r.fresh] : r))).toEqual(winners.map((sub) => [byWinner.get(sub), false]));
    expect(await ledger.claim('spring-red', viewers.find((sub) => !byWinner.has(sub)) as string, 1000)).toEqual({ ok: false, reason: 'sold-out' });

    await ledger.close();
    ledger = await createCouponLedger(await backing.restart());
    expect(await ledger.issued('spring-red')).toBe(1000);
    const afterRestart = await Promise.all([...winners, 'newcomer'].map((sub) => ledger.claim('spring-red', sub, 1000)));
    expect(afterRestart.slice(0, -1).map((r) => (r.ok ? [r.code, r.fresh] : r))).toEqual(winners.map((sub) => [byWinner.get(sub), false]));
    expect(afterRestart.at(-1)).toEqual({ ok: false, reason: 'sold-out' });
    expect(await logLength(backing.store, 'spring-red')).toBe(1000);
  });

  it('holds the limit when claims keep arriving while earlier ones are being written', async () => {
    const claims: Array<Promise<CouponClaimResult>> = [];
    for (let wave = 0; wave < 20; wave++) {
      // Each wave includes 50 repeats of the previous wave's viewers.
      for (const sub of subs(250, `w${wave}-`)) claims.push(ledger.claim('waves', sub, 1000));
      for (const sub of subs(50, `w${Math.max(0, wave - 1)}-`)) claims.push(ledger.claim('waves', sub, 1000));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const results = await Promise.all(claims);
    const fresh = results.filter((r) => r.ok && r.fresh).map(codeOf);
    expect(fresh).toHaveLength(1000);
    expect(new Set(results.filter((r) => r.ok).map(codeOf)).size).toBe(1000);
    expect(await logLength(backing.store, 'waves')).toBe(1000);
  });

  it('gives one code to concurrent claims by the same viewer', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => ledger.claim('spring-red', 'alice', 10)));
    expect(new Set(results.map(codeOf)).size).toBe(1);
    expect(results.filter((r) => r.ok && r.fresh)).toHaveLength(1);
    expect(await ledger.issued('spring-red')).toBe(1);
    expect(await logLength(backing.store, 'spring-red')).toBe(1);
  });

  it('keeps campaigns independent', async () => {
    const [a1, b1] = await Promise.all([ledger.claim('lipstick', 'alice', 1), ledger.claim('perfume', 'alice', 1)]);
    expect(codeOf(a1 as CouponClaimResult)).not.toBe(codeOf(b1 as CouponClaimResult));
    expect(await ledger.claim('lipstick', 'bob', 1)).toEqual({ ok: false, reason: 'sold-out' });
    expect(await ledger.claim('perfume', 'bob', 1)).toEqual({ ok: false, reason: 'sold-out' });
    expect(await ledger.claim('mascara', 'bob', 1)).toMatchObject({ ok: true, fresh: true });
    expect([await ledger.issued('lipstick'), await ledger.issued('perfume'), await ledger.issued('nothing-yet')]).toEqual([1, 1, 0]);
  });

  it('issues without a limit, and nothing with a limit of 0', async () => {
    const results = await Promise.all(subs(300).map((sub) => ledger.claim('open', sub, undefined)));
    expect(new Set(results.map(codeOf)).size).toBe(300);
    expect(await ledger.claim('closed-campaign', 'alice', 0)).toEqual({ ok: false, reason: 'sold-out' });
  });

  it('stores a campaign whose prefixed id would be too long under a stable hashed id', async () => {
    const campaign = 'c'.repeat(64);
    const code = codeOf(await ledger.claim(campaign, 'alice', 1));
    expect(await logLength(backing.store, campaign)).toBe(1);
    expect(await ledger.claim('c'.repeat(63), 'bob', 1)).toMatchObject({ ok: true });
    await ledger.close();
    ledger = await createCouponLedger(await backing.restart());
    expect(await ledger.claim(campaign, 'alice', 1)).toEqual({ ok: true, code, fresh: false });
    expect(await ledger.claim(campaign, 'bob', 1)).toEqual({ ok: false, reason: 'sold-out' });
  });
});

describe('CouponLedger failures and edges', () => {
  it('rejects a claim whose append fails, without counting it', async () => {
    const store = failingAppends(createMemoryRoomStore(), 1);
    const ledger = await createCouponLedger(store);
    // Both are in the failed batch: alice's code was never durable, and bob's
    // "sold out" would have depended on it, so both get the error.
    const [alice, bob] = await Promise.allSettled([ledger.claim('c', 'alice', 1), ledger.claim('c', 'bob', 1)]);
    expect(alice.status).toBe('rejected');
    expect(bob.status).toBe('rejected');
    const error = (alice as PromiseRejectedResult).reason as CouponLedgerError;
    expect(error).toBeInstanceOf(CouponLedgerError);
    expect(error.code).toBe('store');
    expect(error.cause).toBeInstanceOf(RoomStoreError);
    expect(await ledger.issued('c')).toBe(0);
    expect(await ledger.claim('c', 'bob', 1)).toMatchObject({ ok: true, fresh: true });
    expect(await ledger.claim('c', 'alice', 1)).toEqual({ ok: false, reason: 'sold-out' });
    await ledger.close();
  });

  it('regenerates a code that collides with an issued one, and gives up on a broken generator', async () => {
    const store = createMemoryRoomStore();
    const ledger = await createCouponLedger(store, { codeFor: (_campaign, sub, attempt) => (attempt === 0 ? 'SAME' : `${sub}-${attempt}`) });
    const [a, b] = await Promise.all([ledger.claim('c', 'a', undefined), ledger.claim('c', 'b', undefined)]);
    expect([codeOf(a as CouponClaimResult), codeOf(b as CouponClaimResult)]).toEqual(['SAME', 'b-1']);
    expect(codeOf(await ledger.claim('c', 'c', undefined))).toBe('c-1');

    const stuck = await createCouponLedger(store, { codeFor: () => 'SAME' });
    await expectCode(stuck.claim('c', 'd', undefined), 'code-collision');
    expect(await stuck.issued('c')).toBe(3);
  });

  it('reports a log that holds something other than claims as corrupt, and a failing store as store', async () => {
    const store = createMemoryRoomStore();
    await store.append(couponLogId('c'), [new TextEncoder().encode('{"v":1,"sub":"a"}')]);
    const ledger = await createCouponLedger(store);
    await expectCode(ledger.claim('c', 'alice', 1), 'corrupt');
    await expectCode(ledger.issued('c'), 'corrupt');
    await store.close();
    const error = await expectCode(ledger.claim('other', 'alice', 1), 'store');
    expect((error.cause as RoomStoreError).code).toBe('closed');
  });

  it('maps every campaign id to a valid, distinct log id', () => {
    const ids = ['a', 'spring-red', 'x'.repeat(57), 'x'.repeat(58), 'x'.repeat(64), `h_${'0'.repeat(40)}`];
    const logIds = ids.map(couponLogId);
    expect(logIds.every(isValidRoomId)).toBe(true);
    expect(new Set(logIds).size).toBe(ids.length);
    expect(logIds.slice(0, 3)).toEqual(['coupon_a', 'coupon_spring-red', `coupon_${'x'.repeat(57)}`]);
    expect(logIds[3]).toMatch(/^couponh_[0-9a-f]{40}$/);
    expect(couponLogId('x'.repeat(64))).toBe(logIds[4]);
  });
});
