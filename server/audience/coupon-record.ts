/**
 * A coupon claim as one log record: UTF-8 JSON `{"v":1,"sub":…,"code":…}`.
 * One record per claim, so a crash that tears a batch loses whole claims,
 * never half of one. JSON keeps a campaign's log readable with standard tools.
 */
import { CouponLedgerError } from './coupon-ledger-error.ts';

export interface CouponRecord {
  sub: string;
  code: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeCouponRecord(record: CouponRecord): Uint8Array {
  return encoder.encode(JSON.stringify({ v: 1, sub: record.sub, code: record.code }));
}

/** Throws `CouponLedgerError('corrupt')` for anything but a v1 claim record. */
export function decodeCouponRecord(data: Uint8Array, where: string): CouponRecord {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(data));
  } catch (cause) {
    throw new CouponLedgerError('corrupt', `${where}: not a coupon claim record`, { cause });
  }
  const { v, sub, code } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (v !== 1 || typeof sub !== 'string' || typeof code !== 'string' || sub === '' || code === '') {
    throw new CouponLedgerError('corrupt', `${where}: not a v1 coupon claim record`);
  }
  return { sub, code };
}
