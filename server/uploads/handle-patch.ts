import { loadLiveUpload } from './load-live-upload.ts';
import { isOffsetOctetStream, parseBodyHeaders } from './parse-body-headers.ts';
import { parseNonNegativeInteger } from './parse-tus-headers.ts';
import { receiveBody } from './receive-body.ts';
import type { TusContext } from './tus-context.ts';
import { expiresHeader } from './upload-headers.ts';
import { STATUS } from './tus-protocol.ts';
import { header, type TusRequest } from './tus-request.ts';
import { isResponse, tusError, tusResponse, type TusResponse } from './tus-response.ts';
import type { AppendOutcome } from './append-body.ts';

/** Maps how a body ended to the answer; `offset` is already committed. */
export function bodyOutcomeResponse(outcome: AppendOutcome, headers: Record<string, string>, success: number): TusResponse {
  switch (outcome.kind) {
    case 'complete':
    case 'aborted': // nobody is listening, but the answer is still truthful
      return tusResponse(success, { ...headers, 'Upload-Offset': String(outcome.offset) });
    case 'too-large':
      return tusError(STATUS.payloadTooLarge, 'body exceeds Upload-Length', headers);
    case 'checksum-mismatch':
      return tusError(STATUS.checksumMismatch, 'checksum mismatch; the body was discarded and the offset did not move', headers);
  }
}

/**
 * PATCH: append the body at `Upload-Offset`. One PATCH per upload at a time
 * (423 Locked otherwise), and the offset must equal the committed one (409).
 */
export async function handlePatch(ctx: TusContext, request: TusRequest, id: string, body: AsyncIterable<Uint8Array>): Promise<TusResponse> {
  if (!isOffsetOctetStream(request)) return tusError(STATUS.unsupportedMediaType, 'Content-Type must be application/offset+octet-stream');
  const rawOffset = header(request, 'upload-offset');
  const offset = rawOffset === undefined ? undefined : parseNonNegativeInteger(rawOffset.trim());
  if (offset === undefined) return tusError(STATUS.badRequest, 'missing or invalid Upload-Offset');
  const bodyHeaders = parseBodyHeaders(request);
  if (isResponse(bodyHeaders)) return bodyHeaders;

  if (!ctx.locks.tryAcquire(id)) return tusError(STATUS.locked, 'another request is writing to this upload; retry later');
  try {
    const info = await loadLiveUpload(ctx, id);
    if (isResponse(info)) return info;
    if (offset !== info.offset) return tusError(STATUS.conflict, `Upload-Offset ${offset} does not match the current offset ${info.offset}`, { 'Upload-Offset': String(info.offset) });
    if (bodyHeaders.contentLength !== undefined && offset + bodyHeaders.contentLength > info.length) {
      return tusError(STATUS.payloadTooLarge, `body of ${bodyHeaders.contentLength} bytes at offset ${offset} exceeds Upload-Length ${info.length}`);
    }
    const received = await receiveBody(ctx, info, body, bodyHeaders.checksum);
    return bodyOutcomeResponse(received.outcome, expiresHeader(received.info), STATUS.noContent);
  } finally {
    ctx.locks.release(id);
  }
}
