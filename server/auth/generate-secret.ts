import { randomBytes } from 'node:crypto';

/**
 * 32 random bytes as base64url (43 characters): a token-signing secret, or a
 * development admin key. Whether a generated admin key is acceptable (only
 * when the server binds loopback) is the caller's decision.
 */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}
