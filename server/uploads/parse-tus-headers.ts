import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from './tus-protocol.ts';

/**
 * Parses a non-negative decimal integer header (`Upload-Length`, `Upload-Offset`,
 * `Content-Length`). Returns undefined for anything else: signs, spaces, hex,
 * exponents, or values beyond Number.MAX_SAFE_INTEGER (9 PB, far past any max size).
 */
export function parseNonNegativeInteger(value: string): number | undefined {
  if (!/^\d{1,16}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

export interface ChecksumSpec {
  algorithm: ChecksumAlgorithm;
  /** The raw digest bytes the client claims for this request's body. */
  digest: Buffer;
}

export type ChecksumResult =
  | { ok: true; checksum: ChecksumSpec }
  | { ok: false; reason: 'unsupported-algorithm' | 'malformed'; message: string };

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64, md5: 16 };

/**
 * Parses `Upload-Checksum: <algorithm> <base64 digest>`.
 * The spec makes an unsupported algorithm a 400; a malformed value is a 400 too.
 * A digest of the wrong length can never match, so it is rejected as malformed
 * up front rather than after streaming the whole body only to answer 460.
 */
export function parseUploadChecksum(header: string): ChecksumResult {
  const match = /^([A-Za-z0-9-]+) ([A-Za-z0-9+/]+={0,2})$/.exec(header.trim());
  if (!match) return { ok: false, reason: 'malformed', message: 'Upload-Checksum must be "<algorithm> <base64 digest>"' };
  const name = (match[1] ?? '').toLowerCase();
  const algorithm = CHECKSUM_ALGORITHMS.find((a) => a === name);
  if (!algorithm) {
    return { ok: false, reason: 'unsupported-algorithm', message: `checksum algorithm '${name}' is not supported (supported: ${CHECKSUM_ALGORITHMS.join(',')})` };
  }
  const digest = Buffer.from(match[2] ?? '', 'base64');
  if (digest.length !== DIGEST_BYTES[algorithm]) {
    return { ok: false, reason: 'malformed', message: `Upload-Checksum digest is not a ${algorithm} digest` };
  }
  return { ok: true, checksum: { algorithm, digest } };
}
