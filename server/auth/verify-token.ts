import { timingSafeEqual } from 'node:crypto';
import { MAX_TOKEN_LENGTH, parseClaims, usableKeys, type TokenClaims, type TokenKeys } from './token-claims.ts';
import { tokenMac } from './token-mac.ts';

export type TokenRejection = 'malformed' | 'bad-signature' | 'expired';
export type VerifyTokenResult = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenRejection };

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAC_BYTES = 32;

/**
 * Checks a token from signToken against every key of the keyring, then its
 * expiry at `nowSeconds`. Never throws, whatever `token` is: hostile input is
 * an answer, not an exception. Computes an HMAC per key on every call; a
 * server verifies through a TokenVerifier (token-verifier.ts), which caches.
 *
 * Order matters: the signature is checked before the claims are parsed, so
 * unauthenticated bytes never reach JSON.parse.
 */
export function verifyToken(keys: TokenKeys, token: string, nowSeconds: number): VerifyTokenResult {
  try {
    return verify(keys, token, nowSeconds);
  } catch {
    // Unreachable by design; a verifier must still never take the caller down.
    return { ok: false, reason: 'malformed' };
  }
}

function verify(keys: TokenKeys, token: unknown, nowSeconds: number): VerifyTokenResult {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const dot = token.indexOf('.');
  if (dot < 0 || dot !== token.lastIndexOf('.')) return { ok: false, reason: 'malformed' };
  const segment = token.slice(0, dot);
  const macText = token.slice(dot + 1);
  if (!BASE64URL.test(segment) || !BASE64URL.test(macText)) return { ok: false, reason: 'malformed' };
  const mac = Buffer.from(macText, 'base64url');
  // Canonical encoding only: one token, one spelling.
  if (mac.length !== MAC_BYTES || mac.toString('base64url') !== macText) return { ok: false, reason: 'malformed' };

  let signed = false;
  for (const key of usableKeys(keys)) {
    // No early exit: the time taken does not tell which key (if any) matched.
    if (timingSafeEqual(tokenMac(key, segment), mac)) signed = true;
  }
  if (!signed) return { ok: false, reason: 'bad-signature' };

  let claims: TokenClaims | undefined;
  try {
    claims = parseClaims(JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')));
  } catch {
    claims = undefined;
  }
  if (claims === undefined) return { ok: false, reason: 'malformed' };
  if (!(nowSeconds < claims.exp)) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
