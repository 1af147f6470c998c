import { randomBytes } from 'node:crypto';

/** A new upload id: 128 random bits, base64url (22 chars). Unguessable, URL- and filename-safe. */
export function newUploadId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * True for strings shaped like our ids. Checked before an id ever touches a
 * path, so `..`, `/`, `%2f` or NUL can never reach the file system.
 */
export function isUploadId(value: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(value);
}
