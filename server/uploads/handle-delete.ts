import { loadLiveUpload } from './load-live-upload.ts';
import type { TusContext } from './tus-context.ts';
import { STATUS } from './tus-protocol.ts';
import { isResponse, tusError, tusResponse, type TusResponse } from './tus-response.ts';

/**
 * DELETE (termination): removes the upload's data and info; later requests get 404.
 * Refused with 423 while a PATCH is writing; tus clients retry 423.
 */
export async function handleDelete(ctx: TusContext, id: string): Promise<TusResponse> {
  if (!ctx.locks.tryAcquire(id)) return tusError(STATUS.locked, 'a request is writing to this upload; retry later');
  try {
    const info = await loadLiveUpload(ctx, id);
    if (isResponse(info)) return info;
    await ctx.store.remove(id);
    return tusResponse(STATUS.noContent);
  } finally {
    ctx.locks.release(id);
  }
}
