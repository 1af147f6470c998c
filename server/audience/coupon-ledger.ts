/**
 * The coupon campaign ledger: one unique code per (campaign, viewer), at most
 * `limit` codes per campaign, durable before anyone sees a code (issue 5,
 * point 2). Rooms call it through `CouponIssuer` (server/rooms/room-deps.ts);
 * a campaign spans every room whose story names it, so nothing here is
 * room-specific. Both implementations pass coupon-ledger.contract.ts.
 *
 * Embedded mode: each campaign's claims are records of one RoomStore log
 * (`couponLogId`, coupon-log-id.ts; format in coupon-record.ts). The first use
 * of a campaign reads its whole log into memory (sub → code); claims for one
 * campaign are then decided strictly one after another, which is what makes
 * the limit exact. Claims that arrive together are decided as one batch and
 * written with one `append` (one fsync), so 10,000 concurrent claims cost a
 * handful of writes, not 10,000.
 *
 * Give the ledger its own store (e.g. `createFileRoomStore(join(dataDir,
 * 'coupons'))`): in the rooms' store, `listRooms()` would list the coupon logs
 * and the room registry would try to recover them as rooms.
 *
 * Cluster mode uses redis-coupon-ledger.ts instead: the same interface, one
 * Lua script per claim over one hash per campaign. Redis runs scripts one at
 * a time, so the limit is exact across nodes without the in-process queue
 * used here, and a reply is as durable as Redis's `appendfsync` setting makes
 * it. That is why the interface takes campaign + sub and nothing room-specific.
 *
 * One ledger per store: two ledgers (or processes) over the same logs would
 * each enforce the limit on its own view, and together exceed it.
 * Memory: an opened campaign keeps every issued code (~100 bytes each) until
 * the process ends; there is no eviction.
 */
import { isValidRoomId } from '../store/room-id.ts';
import type { RoomStore } from '../store/room-store.ts';
import { randomCouponCode } from './coupon-code.ts';
import { CouponLedgerError } from './coupon-ledger-error.ts';
import { couponLogId } from './coupon-log-id.ts';
import { decodeCouponRecord, encodeCouponRecord } from './coupon-record.ts';

export type CouponClaimResult = { ok: true; code: string; fresh: boolean } | { ok: false; reason: 'sold-out' };

export interface CouponLedger {
  /**
   * Issues `sub` a unique code for `campaign`, at most `limit` codes per
   * campaign in total (`undefined` = unlimited). Idempotent: the same
   * (campaign, sub) always gets the same code back, with `fresh: false` after
   * the first time (a retry, a reconnect, another room of the campaign).
   * Resolves only once the issue is durable. Rejects with CouponLedgerError;
   * a rejected claim issued nothing and may be retried.
   */
  claim(campaign: string, sub: string, limit: number | undefined): Promise<CouponClaimResult>;
  /** How many viewers hold a durable code of `campaign`. */
  issued(campaign: string): Promise<number>;
  /** Settles every claim already made, then refuses new ones with `closed`. Does not close the store: its owner does. */
  close(): Promise<void>;
}

export interface CouponLedgerOptions {
  /**
   * Makes a candidate code; `attempt` is 0, then 1, 2… while candidates collide
   * with codes the campaign already issued. Default: 10 random Crockford
   * base32 characters (coupon-code.ts). Tests inject deterministic codes here.
   */
  codeFor?: (campaign: string, sub: string, attempt: number) => string;
}

/** Token subs are at most 128 characters (server/auth/token-claims.ts); this leaves room, and bounds a record. */
const MAX_SUB_LENGTH = 256;
const MAX_CODE_LENGTH = 64;
/** Claims decided and appended together; bounds one write and what one failure rejects. */
const MAX_BATCH = 1024;
/** A random 50-bit code collides about never; this many in a row means a broken generator. */
const MAX_CODE_ATTEMPTS = 16;
const SOLD_OUT: CouponClaimResult = { ok: false, reason: 'sold-out' };

interface PendingClaim {
  sub: string;
  limit: number | undefined;
  resolve(result: CouponClaimResult): void;
  reject(error: unknown): void;
}

/** What a campaign's durable log says: every viewer's code, and every code ever written (for uniqueness). */
interface CampaignIndex {
  codes: Map<string, string>;
  taken: Set<string>;
}

interface Campaign {
  name: string;
  logId: string;
  /** Loaded on first use; dropped after a failed append so the store's view is read again. */
  index: Promise<CampaignIndex> | undefined;
  waiting: PendingClaim[];
  /** The running batch loop, while claims are waiting or being written. */
  draining: Promise<void> | undefined;
}

/**
 * A ledger over `store`. Resolves at once in embedded mode (campaigns load
 * lazily); async so that a Redis-backed ledger can connect first.
 *
 * @example
 *   const ledger = await createCouponLedger(await createFileRoomStore(join(dataDir, 'coupons')));
 *   const result = await ledger.claim('spring-red', 'viewer-17', 5000);
 */
export async function createCouponLedger(store: RoomStore, options: CouponLedgerOptions = {}): Promise<CouponLedger> {
  const codeFor = options.codeFor ?? (() => randomCouponCode());
  const campaigns = new Map<string, Campaign>();
  let closed = false;

  function checkOpen(): void {
    if (closed) throw new CouponLedgerError('closed', 'the coupon ledger is closed');
  }

  function campaignFor(name: string): Campaign {
    if (!isValidRoomId(name)) {
      throw new CouponLedgerError('invalid-argument', `invalid campaign id ${JSON.stringify(String(name)).slice(0, 80)}: expected [A-Za-z0-9_-]{1,64}`);
    }
    let campaign = campaigns.get(name);
    if (campaign === undefined) {
      campaign = { name, logId: couponLogId(name), index: undefined, waiting: [], draining: undefined };
      campaigns.set(name, campaign);
    }
    return campaign;
  }

  function loadIndex(campaign: Campaign): Promise<CampaignIndex> {
    if (campaign.index !== undefined) return campaign.index;
    const loading = readIndex(store, campaign);
    campaign.index = loading;
    // A failed load is retried by the next claim rather than remembered.
    loading.catch(() => {
      if (campaign.index === loading) campaign.index = undefined;
    });
    return loading;
  }

  /** A code no viewer of the campaign holds or held. */
  function newCode(campaign: Campaign, sub: string, index: CampaignIndex, batchCodes: Set<string>): string {
    for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      const code = codeFor(campaign.name, sub, attempt);
      if (typeof code !== 'string' || code.length === 0 || code.length > MAX_CODE_LENGTH) {
        throw new CouponLedgerError('invalid-argument', `codeFor returned ${JSON.stringify(code)}: expected 1-${MAX_CODE_LENGTH} characters`);
      }
      if (!index.taken.has(code) && !batchCodes.has(code)) return code;
    }
    throw new CouponLedgerError('code-collision', `campaign ${campaign.name}: ${MAX_CODE_ATTEMPTS} candidate codes in a row were already issued`);
  }

  /**
   * Decides `batch` in order against the durable index, appends the fresh
   * codes in one call, and only then answers. Never rejects: each claim gets
   * its own answer or error.
   */
  async function settle(campaign: Campaign, batch: PendingClaim[]): Promise<void> {
    let index: CampaignIndex;
    try {
      index = await loadIndex(campaign);
    } catch (error) {
      for (const claim of batch) claim.reject(error);
      return;
    }
    const added = new Map<string, string>();
    const addedCodes = new Set<string>();
    const records: Uint8Array[] = [];
    // Answers that depend on this batch's append: given only once it is durable.
    const afterAppend: Array<[PendingClaim, CouponClaimResult]> = [];
    for (const claim of batch) {
      const held = index.codes.get(claim.sub);
      if (held !== undefined) {
        claim.resolve({ ok: true, code: held, fresh: false });
        continue;
      }
      const pending = added.get(claim.sub);
      if (pending !== undefined) {
        afterAppend.push([claim, { ok: true, code: pending, fresh: false }]);
        continue;
      }
      if (claim.limit !== undefined && index.codes.size + added.size >= claim.limit) {
        // Sold out on durable codes alone is final; sold out because of this batch holds only if the batch lands.
        if (index.codes.size >= claim.limit) claim.resolve(SOLD_OUT);
        else afterAppend.push([claim, SOLD_OUT]);
        continue;
      }
      let code: string;
      try {
        code = newCode(campaign, claim.sub, index, addedCodes);
      } catch (error) {
        claim.reject(error);
        continue;
      }
      added.set(claim.sub, code);
      addedCodes.add(code);
      records.push(encodeCouponRecord({ sub: claim.sub, code }));
      afterAppend.push([claim, { ok: true, code, fresh: true }]);
    }
    if (records.length > 0) {
      try {
        await store.append(campaign.logId, records);
      } catch (cause) {
        // The outcome of a failed append may be unknown (a torn write, a Redis
        // timeout): forget the index so the next claim reads what the store holds.
        campaign.index = undefined;
        const error = new CouponLedgerError('store', `campaign ${campaign.name}: writing ${records.length} claim(s) to ${campaign.logId} failed`, { cause });
        for (const [claim] of afterAppend) claim.reject(error);
        return;
      }
      for (const [sub, code] of added) {
        index.codes.set(sub, code);
        index.taken.add(code);
      }
    }
    for (const [claim, result] of afterAppend) claim.resolve(result);
  }

  async function drain(campaign: Campaign): Promise<void> {
    // Let the claims of this turn queue up first, so they share one append.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (campaign.waiting.length > 0) {
      await settle(campaign, campaign.waiting.splice(0, MAX_BATCH));
    }
    campaign.draining = undefined;
  }

  return {
    async claim(campaignName, sub, limit) {
      checkOpen();
      if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUB_LENGTH) {
        throw new CouponLedgerError('invalid-argument', `sub must be 1-${MAX_SUB_LENGTH} characters`);
      }
      if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
        throw new CouponLedgerError('invalid-argument', `limit must be a non-negative integer or undefined, got ${String(limit)}`);
      }
      const campaign = campaignFor(campaignName);
      return new Promise<CouponClaimResult>((resolve, reject) => {
        campaign.waiting.push({ sub, limit, resolve, reject });
        campaign.draining ??= drain(campaign);
      });
    },

    async issued(campaignName) {
      checkOpen();
      return (await loadIndex(campaignFor(campaignName))).codes.size;
    },

    async close() {
      closed = true;
      const running = [...campaigns.values()].map((campaign) => campaign.draining);
      await Promise.all(running);
    },
  };
}

/** Reads a campaign's whole log. The last record of a sub wins: a later one exists only because the earlier append failed. */
async function readIndex(store: RoomStore, campaign: Campaign): Promise<CampaignIndex> {
  const index: CampaignIndex = { codes: new Map(), taken: new Set() };
  try {
    for await (const record of store.read(campaign.logId, 0)) {
      const { sub, code } = decodeCouponRecord(record.data, `${campaign.logId} seq ${record.seq}`);
      index.codes.set(sub, code);
      index.taken.add(code);
    }
  } catch (error) {
    if (error instanceof CouponLedgerError) throw error;
    throw new CouponLedgerError('store', `campaign ${campaign.name}: reading ${campaign.logId} failed`, { cause: error });
  }
  return index;
}
