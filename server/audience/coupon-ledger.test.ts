import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { createFileRoomStore } from '../store/file-room-store.ts';
import { createMemoryRoomStore } from '../store/memory-room-store.ts';
import { isValidRoomId } from '../store/room-id.ts';
import type { RoomStore } from '../store/room-store.ts';
import { RoomStoreError } from '../store/room-store-error.ts';
import { createCouponLedger, type CouponClaimResult, type CouponLedger, type CouponLedgerOptions } from './coupon-ledger.ts';
import { CouponLedgerError, type CouponLedgerErrorCode } from './coupon-ledger-error.ts';
import { describeCouponLedgerContract } from './coupon-ledger.contract.ts';
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

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A ledger harness over `store`: spoiling appends a record that is not a claim. */
function storeHarness(store: RoomStore, cleanup: () => Promise<void>) {
  return {
    open: (options?: CouponLedgerOptions) => createCouponLedger(store, options),
    spoil: async (campaign: string) => void (await store.append(couponLogId(campaign), [bytes('{"v":1,"sub":"a"}')])),
    cleanup,
  };
}

describeCouponLedgerContract('embedded ledger over the memory store', async () => {
  const store = createMemoryRoomStore();
  return storeHarness(store, () => store.close());
});

describeCouponLedgerContract('embedded ledger over the file store', async () => {
  const dir = await makeTempDir('branchcast-coupons-');
  const store = await createFileRoomStore(dir.path);
  return storeHarness(store, async () => {
    await store.close();
    await dir.remove();
  });
});

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

describe.each(backings)('Embedded CouponLedger over the %s: batches, logs and restarts', (_name, makeBacking) => {
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

describe('Embedded CouponLedger failures and edges', () => {
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

  it('regenerates a code that collides with one decided earlier in the same batch', async () => {
    const store = createMemoryRoomStore();
    const ledger = await createCouponLedger(store, { codeFor: (_campaign, sub, attempt) => (attempt === 0 ? 'SAME' : `${sub}-${attempt}`) });
    // Claimed together, so decided in one batch before either is written.
    const [a, b] = await Promise.all([ledger.claim('c', 'a', undefined), ledger.claim('c', 'b', undefined)]);
    expect([codeOf(a as CouponClaimResult), codeOf(b as CouponClaimResult)]).toEqual(['SAME', 'b-1']);
    await ledger.close();
  });

  it('reports a failing store as store, with the store error as the cause', async () => {
    const store = createMemoryRoomStore();
    const ledger = await createCouponLedger(store);
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
