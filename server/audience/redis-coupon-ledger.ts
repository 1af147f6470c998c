/**
 * The coupon campaign ledger for cluster mode (issue 8): the same
 * `CouponLedger` contract as the embedded one (coupon-ledger.ts), kept in
 * Redis so that every node enforces one limit per campaign.
 *
 * One hash per campaign, `keys.couponCodes(campaign)`, holds two kinds of
 * field, so that a claim touches exactly one key:
 * - `s:<sub>`  → the viewer's code;
 * - `c:<code>` → the viewer holding it (what makes codes unique: a candidate
 *   whose `c:` field exists is regenerated, as the file ledger does).
 * So the campaign has issued HLEN / 2 codes.
 *
 * Each claim is one Lua script (CLAIM_SCRIPT, redis/coupon-scripts.ts). Redis runs scripts one at a
 * time, so "already holds a code? sold out? take this code" is decided
 * atomically and the limit is exact across any number of nodes and
 * connections, with no queue in the process.
 *
 * Durability: a code is acknowledged once Redis holds it, i.e. exactly as
 * durable as the server's persistence (`appendonly yes` + `appendfsync
 * always` for the file ledger's guarantee; `everysec` may lose the last
 * second's codes on a Redis crash, and a viewer whose code was lost simply
 * gets a new one on the next claim).
 * A claim that failed on the wire (timeout, disconnect) may or may not have
 * landed; retrying is safe because a claim is idempotent per (campaign, sub).
 */
import type { Redis } from 'ioredis';
import { CLAIM_SCRIPT, CLAIM_SHA } from '../redis/coupon-scripts.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { isValidRoomId } from '../store/room-id.ts';
import { randomCouponCode } from './coupon-code.ts';
import type { CouponClaimResult, CouponLedger, CouponLedgerOptions } from './coupon-ledger.ts';
import { CouponLedgerError } from './coupon-ledger-error.ts';

export interface RedisCouponLedgerOptions extends CouponLedgerOptions {
  /** Not closed by the ledger: its owner does (it is usually shared). */
  redis: Redis;
  keys: RedisKeys;
}

// The same bounds as the embedded ledger (coupon-ledger.ts), so either one accepts the same claims.
const MAX_SUB_LENGTH = 256;
const MAX_CODE_LENGTH = 64;
const MAX_CODE_ATTEMPTS = 16;
const SOLD_OUT: CouponClaimResult = { ok: false, reason: 'sold-out' };

type ScriptReply = { kind: 'held' | 'fresh'; code: string } | { kind: 'sold-out' | 'collision' };

/**
 * A ledger whose campaigns live in `redis`. Any number of ledgers (one per
 * node) may share the same keys: that is the point.
 *
 * @example
 *   const ledger = createRedisCouponLedger({ redis, keys: redisKeys('bc:') });
 *   const result = await ledger.claim('spring-red', 'viewer-17', 5000);
 */
export function createRedisCouponLedger(options: RedisCouponLedgerOptions): CouponLedger {
  const { redis, keys } = options;
  const codeFor = options.codeFor ?? (() => randomCouponCode());
  const running = new Set<Promise<unknown>>();
  let closed = false;

  function checkOpen(): void {
    if (closed) throw new CouponLedgerError('closed', 'the coupon ledger is closed');
  }

  function keyFor(campaign: string): string {
    if (!isValidRoomId(campaign)) {
      throw new CouponLedgerError('invalid-argument', `invalid campaign id ${JSON.stringify(String(campaign)).slice(0, 80)}: expected [A-Za-z0-9_-]{1,64}`);
    }
    return keys.couponCodes(campaign);
  }

  /** Runs the script by SHA, loading it on the first use per Redis server (NOSCRIPT). */
  async function runClaim(key: string, sub: string, limit: string, code: string): Promise<ScriptReply> {
    let reply: unknown;
    try {
      reply = await redis.evalsha(CLAIM_SHA, 1, key, sub, limit, code);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      reply = await redis.eval(CLAIM_SCRIPT, 1, key, sub, limit, code);
    }
    return parseReply(reply);
  }

  async function claimOnce(campaign: string, key: string, sub: string, limit: number | undefined): Promise<CouponClaimResult> {
    const limitArg = limit === undefined ? '' : String(limit);
    for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      const candidate = codeFor(campaign, sub, attempt);
      if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > MAX_CODE_LENGTH) {
        throw new CouponLedgerError('invalid-argument', `codeFor returned ${JSON.stringify(candidate)}: expected 1-${MAX_CODE_LENGTH} characters`);
      }
      let reply: ScriptReply;
      try {
        reply = await runClaim(key, sub, limitArg, candidate);
      } catch (cause) {
        throw storeError(campaign, 'claiming', cause);
      }
      switch (reply.kind) {
        case 'held': return { ok: true, code: reply.code, fresh: false };
        case 'fresh': return { ok: true, code: reply.code, fresh: true };
        case 'sold-out': return SOLD_OUT;
        case 'collision': continue;
      }
    }
    throw new CouponLedgerError('code-collision', `campaign ${campaign}: ${MAX_CODE_ATTEMPTS} candidate codes in a row were already issued`);
  }

  /** Tracks `work` so that close() can wait for it. */
  function track<T>(work: Promise<T>): Promise<T> {
    running.add(work);
    const forget = (): void => void running.delete(work);
    work.then(forget, forget);
    return work;
  }

  return {
    async claim(campaign, sub, limit) {
      checkOpen();
      if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUB_LENGTH) {
        throw new CouponLedgerError('invalid-argument', `sub must be 1-${MAX_SUB_LENGTH} characters`);
      }
      if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
        throw new CouponLedgerError('invalid-argument', `limit must be a non-negative integer or undefined, got ${String(limit)}`);
      }
      const key = keyFor(campaign);
      return track(claimOnce(campaign, key, sub, limit));
    },

    async issued(campaign) {
      checkOpen();
      const key = keyFor(campaign);
      try {
        return Math.floor((await redis.hlen(key)) / 2);
      } catch (cause) {
        throw storeError(campaign, 'counting', cause);
      }
    },

    async close() {
      closed = true;
      await Promise.allSettled([...running]);
    },
  };
}

function parseReply(reply: unknown): ScriptReply {
  if (Array.isArray(reply)) {
    const [kind, code] = reply as unknown[];
    if ((kind === 'held' || kind === 'fresh') && typeof code === 'string') return { kind, code };
    if (kind === 'sold-out' || kind === 'collision') return { kind };
  }
  throw new Error(`unexpected claim script reply ${JSON.stringify(reply)}`);
}

/** A key of the wrong type means something else wrote there: corrupt, not a transient failure. */
function storeError(campaign: string, doing: string, cause: unknown): CouponLedgerError {
  const wrongType = cause instanceof Error && cause.message.includes('WRONGTYPE');
  return new CouponLedgerError(wrongType ? 'corrupt' : 'store', `campaign ${campaign}: ${doing} in Redis failed`, { cause });
}
