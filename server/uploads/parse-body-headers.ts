import { parseNonNegativeInteger, parseUploadChecksum, type ChecksumSpec } from './parse-tus-headers.ts';
import { header, type TusRequest } from './tus-request.ts';
import { tusError, type TusResponse } from './tus-response.ts';
import { OFFSET_OCTET_STREAM, STATUS } from './tus-protocol.ts';

export interface BodyHeaders {
  /** `Content-Length`, or undefined for a body of unknown length (chunked). */
  contentLength: number | undefined;
  checksum: ChecksumSpec | undefined;
}

/** True when Content-Type names the tus body type (parameters such as charset are ignored). */
export function isOffsetOctetStream(request: TusRequest): boolean {
  const type = header(request, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  return type === OFFSET_OCTET_STREAM;
}

/** Validates the headers that describe an upload body: Content-Length and Upload-Checksum. */
export function parseBodyHeaders(request: TusRequest): BodyHeaders | TusResponse {
  const rawLength = header(request, 'content-length');
  const contentLength = rawLength === undefined ? undefined : parseNonNegativeInteger(rawLength.trim());
  if (rawLength !== undefined && contentLength === undefined) return tusError(STATUS.badRequest, 'invalid Content-Length');
  const rawChecksum = header(request, 'upload-checksum');
  if (rawChecksum === undefined) return { contentLength, checksum: undefined };
  const parsed = parseUploadChecksum(rawChecksum);
  if (!parsed.ok) return tusError(STATUS.badRequest, parsed.message);
  return { contentLength, checksum: parsed.checksum };
}
