import { createHash } from 'node:crypto';
import { isValidRoomId } from '../store/room-id.ts';

const PREFIX = 'coupon_';
/** Prefix of hashed ids: its 7th character is `h`, never `_`, so no plain id can equal a hashed one. */
const HASHED_PREFIX = 'couponh_';

/**
 * The RoomStore log id holding `campaign`'s claims: `coupon_<campaign>`, or,
 * when that would exceed the 64-character id limit (campaigns of 58-64
 * characters), `couponh_` + the first 40 hex digits (160 bits) of the
 * campaign's SHA-256. Stable across processes and versions: changing it
 * orphans every issued code.
 *
 * @example couponLogId('spring-red') // 'coupon_spring-red'
 */
export function couponLogId(campaign: string): string {
  const plain = PREFIX + campaign;
  if (isValidRoomId(plain)) return plain;
  return HASHED_PREFIX + createHash('sha256').update(campaign, 'utf8').digest('hex').slice(0, 40);
}
