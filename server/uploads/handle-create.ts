import { bodyOutcomeResponse } from './handle-patch.ts';
import { isOffsetOctetStream, parseBodyHeaders } from './parse-body-headers.ts';
import { parseNonNegativeInteger } from './parse-tus-headers.ts';
import { parseUploadMetadata } from './parse-upload-metadata.ts';
import { receiveBody } from './receive-body.ts';
import type { TusContext } from './tus-context.ts';
import { STATUS } from './tus-protocol.ts';
import { header, type TusRequest } from './tus-request.ts';
import { isResponse, tusError, tusResponse, type TusResponse } from './tus-response.ts';
import { expiresHeader } from './upload-headers.ts';
import { newUploadId } from './upload-id.ts';
import type { UploadInfo } from './upload-info.ts';

/**
 * POST: create an upload (creation), optionally with its first bytes in the
 * body (creation-with-upload). Answers 201 with a relative `Location`, which
 * tus clients resolve against the endpoint and which stays right behind proxies.
 */
export async function handleCreate(ctx: TusContext, request: TusRequest, body: AsyncIterable<Uint8Array>): Promise<TusResponse> {
  if (header(request, 'upload-concat') !== undefined) return tusError(STATUS.badRequest, 'the concatenation extension is not supported');
  if (header(request, 'upload-defer-length') !== undefined) return tusError(STATUS.badRequest, 'the creation-defer-length extension is not supported; send Upload-Length');
  const rawLength = header(request, 'upload-length');
  const length = rawLength === undefined ? undefined : parseNonNegativeInteger(rawLength.trim());
  if (length === undefined) return tusError(STATUS.badRequest, 'missing or invalid Upload-Length');
  if (length > ctx.options.maxSize) return tusError(STATUS.payloadTooLarge, `Upload-Length ${length} exceeds the maximum of ${ctx.options.maxSize} bytes`);
  const metadata = parseUploadMetadata(header(request, 'upload-metadata') ?? '');
  if (!metadata.ok) return tusError(STATUS.badRequest, metadata.message);

  const bodyHeaders = parseBodyHeaders(request);
  if (isResponse(bodyHeaders)) return bodyHeaders;
  const withUpload = isOffsetOctetStream(request);
  // A body we would silently drop is a client bug; say so instead.
  if (!withUpload && bodyHeaders.contentLength !== undefined && bodyHeaders.contentLength > 0) {
    return tusError(STATUS.unsupportedMediaType, 'a creation body must have Content-Type application/offset+octet-stream');
  }
  if (withUpload && bodyHeaders.contentLength !== undefined && bodyHeaders.contentLength > length) {
    return tusError(STATUS.payloadTooLarge, `body of ${bodyHeaders.contentLength} bytes exceeds Upload-Length ${length}`);
  }

  const now = ctx.now();
  const id = newUploadId();
  const info: UploadInfo = {
    v: 1, id, length, offset: 0, metadata: metadata.metadata, createdAtMs: now,
    expiresAtMs: length === 0 ? null : now + ctx.options.expiresAfterMs,
  };
  // Fresh random id, so the lock is free; taking it keeps the sweeper and a
  // racing PATCH (from a client that guessed nothing, but learned the URL early) out.
  ctx.locks.tryAcquire(id);
  try {
    await ctx.store.create(info);
    const location = { Location: `${ctx.basePath}/${id}` };
    if (!withUpload) return tusResponse(STATUS.created, { ...location, ...expiresHeader(info) });
    const received = await receiveBody(ctx, info, body, bodyHeaders.checksum);
    // Even a rejected body leaves a created upload at offset 0: tell the client where it is.
    return bodyOutcomeResponse(received.outcome, { ...location, ...expiresHeader(received.info) }, STATUS.created);
  } finally {
    ctx.locks.release(id);
  }
}
