import { STATUS_CODES } from 'node:http';

/** Codes node:http has no reason phrase for: tus's checksum failure (server/uploads/tus-protocol.ts). */
const EXTRA_REASONS: Readonly<Record<number, string>> = { 460: 'Checksum Mismatch' };

/**
 * The status line uWS's `writeStatus` wants ("206 Partial Content"), not a
 * number: node:http's reason phrases, so no table of ours falls behind a new
 * code. A code without a phrase goes out bare ("599"), which HTTP allows.
 */
export function statusLine(status: number): string {
  const reason = STATUS_CODES[status] ?? EXTRA_REASONS[status];
  return reason === undefined ? String(status) : `${status} ${reason}`;
}
