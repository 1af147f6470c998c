import type { TusContext } from './tus-context.ts';
import { tusError, type TusResponse } from './tus-response.ts';
import { isExpired, type UploadInfo } from './upload-info.ts';
import { STATUS } from './tus-protocol.ts';

/**
 * Reads an upload for a request that holds its lock. A missing upload is 404;
 * an expired one is deleted on the spot and answered 410, as the expiration
 * extension recommends for uploads the server knows have expired.
 */
export async function loadLiveUpload(ctx: TusContext, id: string): Promise<UploadInfo | TusResponse> {
  const info = await ctx.store.read(id);
  if (!info) return tusError(STATUS.notFound, 'upload not found');
  if (isExpired(info, ctx.now())) {
    await ctx.store.remove(id);
    return tusError(STATUS.gone, 'upload expired');
  }
  return info;
}
