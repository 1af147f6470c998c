import { parseClaims, usableKeys, type TokenClaims, type TokenKeys } from './token-claims.ts';
import { tokenMac } from './token-mac.ts';

/**
 * A compact signed token: base64url(JSON claims) "." base64url(HMAC-SHA256).
 * With a keyring, the first key signs. Throws TypeError for claims that could
 * never verify or an empty key (programming errors, not input errors).
 *
 * @example signToken(secret, { room: 'r1', role: 'viewer', sub: 'v-42', exp: nowSeconds + 3600 })
 */
export function signToken(keys: TokenKeys, claims: TokenClaims): string {
  const [key] = usableKeys(keys);
  if (key === undefined) throw new TypeError('signToken needs a non-empty secret');
  const checked = parseClaims(claims);
  if (checked === undefined) throw new TypeError(`invalid token claims: ${JSON.stringify(claims)}`);
  // Only the known fields, in a fixed order: the same claims always sign the same way.
  const segment = Buffer.from(JSON.stringify({ room: checked.room, role: checked.role, sub: checked.sub, exp: checked.exp })).toString('base64url');
  return `${segment}.${tokenMac(key, segment).toString('base64url')}`;
}
