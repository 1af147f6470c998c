import { randomBytes } from 'node:crypto';

/**
 * 32 random bytes as base64url (43 characters): a token-signing secret, or a
 * development admin key. Whether a generated admin key is acceptable (only
 * when the server binds loopback) is the caller's decision.
 *
 * Never starting with '-': a printed admin key is pasted into commands, and
 * `--admin-key -XYZ…` reads as an option (1 key in 64; a test's server once
 * refused to start so). The first character then carries 5.98 bits, not 6.
 */
export function generateSecret(): string {
  const secret = randomBytes(32).toString('base64url');
  return secret.startsWith('-') ? `x${secret.slice(1)}` : secret;
}
