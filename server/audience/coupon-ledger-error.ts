/**
 * Why a coupon claim (or `issued`) failed, as opposed to being refused
 * (`sold-out` is an answer, not an error):
 * - `invalid-argument`: a campaign id outside `[A-Za-z0-9_-]{1,64}`, an empty or
 *   over-long sub, a limit that is not a non-negative integer;
 * - `store`: the RoomStore failed to read or append; `cause` holds its
 *   RoomStoreError. Nothing was issued: a retry is safe;
 * - `corrupt`: the campaign's log holds a record that is not a coupon claim;
 * - `code-collision`: the code generator kept repeating issued codes (only a
 *   broken injected `codeFor` can do that);
 * - `closed`: the ledger was closed.
 */
export type CouponLedgerErrorCode = 'invalid-argument' | 'store' | 'corrupt' | 'code-collision' | 'closed';

/** The one error type a CouponLedger rejects with. */
export class CouponLedgerError extends Error {
  override name = 'CouponLedgerError';
  readonly code: CouponLedgerErrorCode;

  constructor(code: CouponLedgerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
