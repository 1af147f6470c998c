import { STATUS_CODES } from 'node:http';

/** Codes node:http has no reason phrase for: tus's checksum failure (server/uploads/tus-protocol.ts). */
const EXTRA_REASONS: Readonly<Record<number, string>> = { 460: 'Checksum Mismatch' };

/**
 * Status lines already built, by code: every response needs one, and building
 * it (a lookup and a template string) showed in profiles of the command API.
 * Only three-digit integer codes are kept, so the cache stays at most 900 entries.
 */
const cache = new Map<number, string>();

/**
 * The status line uWS's `writeStatus` wants ("206 Partial Content"), not a
 * number: node:http's reason phrases, so no table of ours falls behind a new
 * code. A code without a phrase goes out bare ("599"), which HTTP allows.
 */
export function statusLine(status: number): string {
  const cached = cache.get(status);
  if (cached !== undefined) return cached;
  const reason = STATUS_CODES[status] ?? EXTRA_REASONS[status];
  const line = reason === undefined ? String(status) : `${status} ${reason}`;
  if (Number.isInteger(status) && status >= 100 && status <= 999) cache.set(status, line);
  return line;
}
