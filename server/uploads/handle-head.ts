import { removeIfExpired } from './remove-if-expired.ts';
import type { TusContext } from './tus-context.ts';
import { STATUS } from './tus-protocol.ts';
import { tusResponse, type TusResponse } from './tus-response.ts';
import { describeUpload } from './upload-headers.ts';
import { isExpired } from './upload-info.ts';

/**
 * HEAD: the committed offset. It takes no lock, so it never waits for or
 * blocks a PATCH: during one it reports the last durable offset, always a
 * safe place to resume from. Answers without a body, and never cacheable.
 */
export async function handleHead(ctx: TusContext, id: string): Promise<TusResponse> {
  const info = await ctx.store.read(id);
  if (!info) return tusResponse(STATUS.notFound, { 'Cache-Control': 'no-store' });
  if (isExpired(info, ctx.now())) {
    await removeIfExpired(ctx, id);
    return tusResponse(STATUS.gone, { 'Cache-Control': 'no-store' });
  }
  return tusResponse(STATUS.ok, describeUpload(info));
}
