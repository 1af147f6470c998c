/** Decoded `Upload-Metadata`: keys map to UTF-8-decoded values; a key sent without a value maps to ''. */
export type UploadMetadata = Record<string, string>;

export type MetadataResult = { ok: true; metadata: UploadMetadata } | { ok: false; message: string };

// Standard base64 with padding, as the spec and tus-js-client use it.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// A key is any printable ASCII except space and comma (the two separators).
const KEY = /^[\x21-\x2b\x2d-\x7e]+$/;

/**
 * Parses `Upload-Metadata: key base64,key2 base64,flag`.
 * Stricter than tusd (which skips bad pairs): a malformed pair is a 400, so
 * a client bug surfaces at creation instead of as silently missing metadata.
 *
 * @example parseUploadMetadata('filename d29ybGQuanBn,is_confidential')
 *   // → { ok: true, metadata: { filename: 'world.jpg', is_confidential: '' } }
 */
export function parseUploadMetadata(header: string): MetadataResult {
  // Object.create(null): keys like "__proto__" are client data, not prototype writes.
  const metadata: UploadMetadata = Object.create(null) as UploadMetadata;
  if (header.trim() === '') return { ok: true, metadata };
  for (const rawPair of header.split(',')) {
    const pair = rawPair.trim();
    const parts = pair.split(' ');
    if (parts.length > 2) return { ok: false, message: `Upload-Metadata pair '${pair}' has more than one space` };
    const [key = '', value = ''] = parts;
    if (!KEY.test(key)) return { ok: false, message: `Upload-Metadata key '${key}' is empty or has invalid characters` };
    if (Object.hasOwn(metadata, key)) return { ok: false, message: `Upload-Metadata key '${key}' appears twice` };
    if (!BASE64.test(value)) return { ok: false, message: `Upload-Metadata value for '${key}' is not base64` };
    metadata[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  return { ok: true, metadata };
}

/** Encodes metadata back into header form (the inverse of parseUploadMetadata for UTF-8 values). */
export function formatUploadMetadata(metadata: UploadMetadata): string {
  return Object.entries(metadata)
    .map(([key, value]) => (value === '' ? key : `${key} ${Buffer.from(value, 'utf8').toString('base64')}`))
    .join(',');
}
