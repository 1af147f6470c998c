import type { TokenClaims, TokenKeys } from './token-claims.ts';
import { verifyToken, type VerifyTokenResult } from './verify-token.ts';

/** Verifies room tokens against one keyring, remembering the ones that verified. */
export interface TokenVerifier {
  /** verifyToken's answer for this verifier's keyring at `nowSeconds`; never throws. */
  verify(token: string, nowSeconds: number): VerifyTokenResult;
}

/** How many verified tokens a verifier remembers by default. */
export const VERIFIED_CACHE_SIZE = 1024;

/**
 * A verifier for `keys` that remembers the tokens that already passed the MAC
 * and claims checks, so a client presenting the same token again (HTTP
 * commands carry it on every request) costs a map lookup instead of an HMAC
 * per key. Only exact token strings that verified are kept; expiry is still
 * checked on every call. Bounded: the oldest entry goes first.
 *
 * One per server (compose.ts makes it when the backend's keyring is open):
 * its entries belong to its keyring alone, so two servers in one process, or
 * a test's own verifier, never see each other's tokens.
 */
export function createTokenVerifier(keys: TokenKeys, options: { cacheSize?: number } = {}): TokenVerifier {
  const cacheSize = options.cacheSize ?? VERIFIED_CACHE_SIZE;
  const verified = new Map<string, TokenClaims>();
  return {
    verify(token, nowSeconds) {
      const known = typeof token === 'string' ? verified.get(token) : undefined;
      if (known !== undefined) return nowSeconds < known.exp ? { ok: true, claims: { ...known } } : { ok: false, reason: 'expired' };
      const result = verifyToken(keys, token, nowSeconds);
      if (result.ok) {
        if (verified.size >= cacheSize) verified.delete(verified.keys().next().value as string);
        verified.set(token, { ...result.claims });
      }
      return result;
    },
  };
}
