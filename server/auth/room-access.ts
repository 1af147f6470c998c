import { checkAdminKey } from './admin-key.ts';
import { signToken } from './sign-token.ts';
import type { TokenClaims, TokenKeys } from './token-claims.ts';
import type { TokenVerifier } from './token-verifier.ts';
import type { VerifyTokenResult } from './verify-token.ts';

/** Who may act on rooms: room tokens signed and checked with the backend's keyring, and the operator key. */
export interface RoomAccess {
  signToken(claims: TokenClaims): string;
  /** The token's claims if it verifies now (the verifier's cache makes a repeat cheap). */
  verifyToken(token: string): VerifyTokenResult;
  /** Constant-time check of an `Authorization` header against the operator key. */
  isAdmin(authorization: string | undefined): boolean;
}

/**
 * Room access for one server: `keys` is the backend's keyring (the first key
 * signs), `tokens` the server's own verifier for it, `now` the wall clock in ms.
 */
export function createRoomAccess(options: { keys: TokenKeys; tokens: TokenVerifier; adminKey: string; now: () => number }): RoomAccess {
  const { keys, tokens, adminKey, now } = options;
  return {
    signToken: (claims) => signToken(keys, claims),
    verifyToken: (token) => tokens.verify(token, Math.floor(now() / 1000)),
    isAdmin: (authorization) => checkAdminKey(authorization, adminKey),
  };
}
