import { loadLiveUpload } from './load-live-upload.ts';
import type { TusContext } from './tus-context.ts';
import { STATUS } from './tus-protocol.ts';
import { isResponse, tusResponse, type TusResponse } from './tus-response.ts';
import { describeUpload } from './upload-headers.ts';
import { isExpired, type UploadInfo } from './upload-info.ts';

/**
 * HEAD: the committed offset. It never waits for or refuses on a running
 * PATCH: it reports the last durable offset, always a safe place to resume.
 * Only when the lock is free may it also delete an expired upload.
 */
export async function handleHead(ctx: TusContext, id: string): Promise<TusResponse> {
  let found: UploadInfo | TusResponse;
  if (ctx.locks.tryAcquire(id)) {
    try {
      found = await loadLiveUpload(ctx, id);
    } finally {
      ctx.locks.release(id);
    }
  } else {
    const info = await ctx.store.read(id);
    found = info === undefined ? tusResponse(STATUS.notFound) : isExpired(info, ctx.now()) ? tusResponse(STATUS.gone) : info;
  }
  // HEAD answers carry no body, and no answer about an offset may be cached.
  if (isResponse(found)) return { status: found.status, headers: { ...tusResponse(found.status).headers, 'Cache-Control': 'no-store' }, body: '' };
  return tusResponse(STATUS.ok, describeUpload(found));
}
