/**
 * The CouponLedger contract: one suite that the embedded ledger (over a memory
 * or a file store) and the Redis ledger both pass, so composition can give a
 * room either one. Call it from an implementation's test file:
 *
 *   describeCouponLedgerContract('Redis ledger', () => ({ open, spoil, cleanup }));
 *
 * What only one implementation does (batched appends, restart from a log,
 * several nodes racing) is tested beside it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CouponClaimResult, CouponLedger, CouponLedgerOptions } from './coupon-ledger.ts';
import { CouponLedgerError, type CouponLedgerErrorCode } from './coupon-ledger-error.ts';

/** The data one test's ledgers share. */
export interface CouponLedgerHarness {
  /** A ledger over this harness's data: a second one sees what the first issued (a restart, another node). */
  open(options?: CouponLedgerOptions): Promise<CouponLedger>;
  /** Puts something other than claims where `campaign`'s claims live. */
  spoil(campaign: string): Promise<void>;
  cleanup(): Promise<void>;
}

const CROCKFORD_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;
const subs = (n: number, prefix = 'viewer-'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function codeOf(result: CouponClaimResult | undefined): string {
  if (!result?.ok) throw new Error('expected a code');
  return result.code;
}

async function expectCode(promise: Promise<unknown>, code: CouponLedgerErrorCode): Promise<void> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CouponLedgerError);
  expect((error as CouponLedgerError).code).toBe(code);
}

export function describeCouponLedgerContract(name: string, makeHarness: () => Promise<CouponLedgerHarness>): void {
  describe(`CouponLedger contract: ${name}`, () => {
    let harness: CouponLedgerHarness;
    let ledger: CouponLedger;
    beforeEach(async () => {
      harness = await makeHarness();
      ledger = await harness.open();
    });
    afterEach(async () => {
      await ledger.close();
      await harness.cleanup();
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
      const other = await harness.open();
      expect(await other.claim('spring-red', winners[0] as string, 100)).toEqual({ ok: true, code: codes[0], fresh: false });
      expect(await other.claim('spring-red', 'newcomer', 100)).toEqual({ ok: false, reason: 'sold-out' });
      expect(await other.issued('spring-red')).toBe(100);
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
      ledger = await harness.open({ codeFor: (_campaign, sub, attempt) => (attempt === 0 ? 'SAME' : `${sub}-${attempt}`) });
      expect(codeOf(await ledger.claim('c', 'a', undefined))).toBe('SAME');
      expect(codeOf(await ledger.claim('c', 'b', undefined))).toBe('b-1');
      const stuck = await harness.open({ codeFor: () => 'SAME' });
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

    it('reports a campaign whose data holds something other than claims as corrupt, and leaves others alone', async () => {
      await harness.spoil('spoiled');
      await expectCode(ledger.claim('spoiled', 'alice', 1), 'corrupt');
      await expectCode(ledger.issued('spoiled'), 'corrupt');
      expect(await ledger.claim('fine', 'alice', 1)).toMatchObject({ ok: true, fresh: true });
    });
  });
}
