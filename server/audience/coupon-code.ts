import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from a screen survives. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Characters in a generated code: 50 random bits, so guessing one of a million issued codes takes ~2^30 tries. */
export const COUPON_CODE_LENGTH = 10;

/**
 * A fresh random coupon code, e.g. `7KQ2M9XD4T`. Uniqueness within a campaign
 * is the ledger's job (it regenerates on a collision); this only supplies entropy.
 */
export function randomCouponCode(): string {
  const bytes = randomBytes(COUPON_CODE_LENGTH);
  let code = '';
  // 256 is a multiple of 32, so the low 5 bits of a random byte are uniform.
  for (const byte of bytes) code += CROCKFORD[byte & 31];
  return code;
}
