import { randomBytes } from 'node:crypto';

/**
 * A new upload id: 128 random bits, base64url (22 chars). Unguessable, URL- and filename-safe.
 * Never starts with `-`, which `branchcast media package --upload ID` (and any
 * shell tool given the file name) would read as an option; one in 64 ids did.
 */
export function newUploadId(): string {
  const id = randomBytes(16).toString('base64url');
  return id.startsWith('-') ? `_${id.slice(1)}` : id;
}

/**
 * True for strings shaped like our ids. Checked before an id ever touches a
 * path, so `..`, `/`, `%2f` or NUL can never reach the file system.
 */
export function isUploadId(value: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(value);
}
