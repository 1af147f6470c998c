/** Who may do what in a room: hosts drive playback, viewers watch and vote. */
export type TokenRole = 'host' | 'viewer';

/** What a room token asserts, signed by the server (sign-token.ts). */
export interface TokenClaims {
  room: string;
  role: TokenRole;
  /** The holder's identity in the room (a viewer id, or the host's). */
  sub: string;
  /** Expiry, unix seconds: the token is refused from this instant on. */
  exp: number;
}

/**
 * A token-signing key. Several keys form a keyring for rotation: the first
 * signs, every one verifies. An empty key never verifies anything.
 */
export type TokenSecret = string | Uint8Array;
export type TokenKeys = TokenSecret | readonly TokenSecret[];

/** Longest room or sub a token carries; keeps tokens far below MAX_TOKEN_LENGTH. */
export const MAX_CLAIM_TEXT = 128;
/** Longer input is refused as malformed before any decoding or hashing. */
export const MAX_TOKEN_LENGTH = 2048;

/** The claims in `value` when it has exactly the right shape, else undefined. */
export function parseClaims(value: unknown): TokenClaims | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { room, role, sub, exp } = value as Record<string, unknown>;
  if (!isClaimText(room) || !isClaimText(sub)) return undefined;
  if (role !== 'host' && role !== 'viewer') return undefined;
  if (typeof exp !== 'number' || !Number.isSafeInteger(exp) || exp < 0) return undefined;
  return { room, role, sub, exp };
}

function isClaimText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CLAIM_TEXT;
}

/** The keys of a keyring, minus empty ones (an empty HMAC key is a forgery waiting to happen). */
export function usableKeys(keys: TokenKeys): TokenSecret[] {
  const list: readonly TokenSecret[] = typeof keys === 'string' || keys instanceof Uint8Array ? [keys] : keys;
  return list.filter((key) => (typeof key === 'string' || key instanceof Uint8Array) && key.length > 0);
}
