/** Tunables of the upload service. */
export interface UploadOptions {
  /** Largest accepted `Upload-Length` in bytes (advertised as `Tus-Max-Size`). */
  maxSize: number;
  /** An unfinished upload expires this long after its creation or last PATCH. */
  expiresAfterMs: number;
  /**
   * During one long PATCH without a checksum, fsync and commit the offset every
   * this many bytes, so a crash mid-request loses at most this much.
   */
  commitEveryBytes: number;
  /** How often the server sweeps expired uploads from disk. */
  sweepIntervalMs: number;
}

const GiB = 1024 ** 3;

export const DEFAULT_UPLOAD_OPTIONS: UploadOptions = {
  maxSize: 20 * GiB,
  expiresAfterMs: 24 * 60 * 60 * 1000,
  commitEveryBytes: 64 * 1024 * 1024,
  sweepIntervalMs: 60 * 1000,
};

/** Thrown when an env override is not a positive integer. */
export class UploadOptionsError extends Error {
  override name = 'UploadOptionsError';
}

function positiveInteger(name: string, raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n <= 0) {
    throw new UploadOptionsError(`${name} must be a positive integer, got '${raw}'`);
  }
  return n;
}

/**
 * Options from the environment on top of the defaults:
 * `UPLOAD_MAX_SIZE` (bytes), `UPLOAD_EXPIRES_SECONDS`, `UPLOAD_SWEEP_SECONDS`.
 */
export function uploadOptionsFromEnv(env: Record<string, string | undefined>): UploadOptions {
  const options = { ...DEFAULT_UPLOAD_OPTIONS };
  const { UPLOAD_MAX_SIZE: max, UPLOAD_EXPIRES_SECONDS: expires, UPLOAD_SWEEP_SECONDS: sweep } = env;
  if (max !== undefined && max !== '') options.maxSize = positiveInteger('UPLOAD_MAX_SIZE', max);
  if (expires !== undefined && expires !== '') options.expiresAfterMs = positiveInteger('UPLOAD_EXPIRES_SECONDS', expires) * 1000;
  if (sweep !== undefined && sweep !== '') options.sweepIntervalMs = positiveInteger('UPLOAD_SWEEP_SECONDS', sweep) * 1000;
  return options;
}
