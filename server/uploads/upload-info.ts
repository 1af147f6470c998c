import type { UploadMetadata } from './parse-upload-metadata.ts';

/**
 * The durable state of one upload: `<dataDir>/uploads/<id>.info` (JSON).
 * `offset` is the last *committed* offset: every byte below it was fsynced
 * before this file was (atomically) written. The data file may be longer after
 * a crash mid-PATCH; those extra bytes were never acknowledged and are cut off.
 */
export interface UploadInfo {
  /** Format version of this file, for future migrations. */
  v: 1;
  id: string;
  /** Total size promised at creation (`Upload-Length`). */
  length: number;
  /** Committed (durable, acknowledged or acknowledgeable) offset. */
  offset: number;
  metadata: UploadMetadata;
  createdAtMs: number;
  /** When an unfinished upload expires; null once finished (finished uploads wait for packaging or DELETE). */
  expiresAtMs: number | null;
}

/** True once every promised byte is committed. */
export function isFinished(info: UploadInfo): boolean {
  return info.offset === info.length;
}

/** True when an unfinished upload has passed its expiry. */
export function isExpired(info: UploadInfo, nowMs: number): boolean {
  return info.expiresAtMs !== null && nowMs >= info.expiresAtMs;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Validates a parsed info file. Returns undefined when it is not a well-formed
 * v1 info (a torn or foreign file): the caller treats that upload as missing.
 */
export function parseUploadInfo(value: unknown): UploadInfo | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.v !== 1 || typeof v.id !== 'string' || !isCount(v.length) || !isCount(v.offset) || v.offset > v.length) return undefined;
  if (!isCount(v.createdAtMs) || !(v.expiresAtMs === null || isCount(v.expiresAtMs))) return undefined;
  if (typeof v.metadata !== 'object' || v.metadata === null || Array.isArray(v.metadata)) return undefined;
  const metadata: UploadMetadata = Object.create(null) as UploadMetadata;
  for (const [key, val] of Object.entries(v.metadata)) {
    if (typeof val !== 'string') return undefined;
    metadata[key] = val;
  }
  return { v: 1, id: v.id, length: v.length, offset: v.offset, metadata, createdAtMs: v.createdAtMs, expiresAtMs: v.expiresAtMs };
}
