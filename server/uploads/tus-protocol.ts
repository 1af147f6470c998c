/**
 * Constants of the tus 1.0.0 protocol as this server speaks it.
 * Spec: https://tus.io/protocols/resumable-upload (tusd is the reference server).
 */

/** The only protocol version we speak; sent as `Tus-Resumable` on every response. */
export const TUS_VERSION = '1.0.0';

/** Advertised in `Tus-Extension`. Concatenation and creation-defer-length are not supported. */
export const TUS_EXTENSIONS = ['creation', 'creation-with-upload', 'termination', 'checksum', 'expiration'] as const;

/** Node's `crypto.createHash` names, advertised in `Tus-Checksum-Algorithm`. */
export const CHECKSUM_ALGORITHMS = ['sha1', 'sha256', 'sha512', 'md5'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** The one content type a PATCH (and a creation-with-upload POST) body may have. */
export const OFFSET_OCTET_STREAM = 'application/offset+octet-stream';

/** Status codes the protocol gives a meaning to. 460 is tus-specific ("Checksum Mismatch"). */
export const STATUS = {
  ok: 200,
  created: 201,
  noContent: 204,
  badRequest: 400,
  unauthorized: 401,
  notFound: 404,
  methodNotAllowed: 405,
  conflict: 409,
  gone: 410,
  preconditionFailed: 412,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  locked: 423,
  checksumMismatch: 460,
  internalError: 500,
} as const;

/** Request headers a browser tus client sends (Authorization carries the operator key on creation); CORS preflights must allow them. */
export const TUS_REQUEST_HEADERS = [
  'Authorization', 'Tus-Resumable', 'Upload-Length', 'Upload-Metadata', 'Upload-Offset', 'Upload-Checksum',
  'Upload-Defer-Length', 'Upload-Concat', 'X-HTTP-Method-Override', 'X-Requested-With', 'Content-Type',
] as const;

/** Response headers a browser tus client must be able to read; CORS must expose them. */
export const TUS_RESPONSE_HEADERS = [
  'Location', 'Tus-Resumable', 'Tus-Version', 'Tus-Extension', 'Tus-Max-Size', 'Tus-Checksum-Algorithm',
  'Upload-Offset', 'Upload-Length', 'Upload-Metadata', 'Upload-Expires',
] as const;
