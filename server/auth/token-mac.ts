import { createHmac } from 'node:crypto';
import type { TokenSecret } from './token-claims.ts';

/**
 * Domain separation: a MAC made with the same key for any other purpose can
 * never pass as a token signature, and a future v2 format cannot be confused
 * with this one.
 */
const CONTEXT = 'branchcast.token.v1.';

/** HMAC-SHA256 over the token's (already base64url) claims segment. */
export function tokenMac(secret: TokenSecret, claimsSegment: string): Buffer {
  return createHmac('sha256', secret).update(CONTEXT).update(claimsSegment).digest();
}
