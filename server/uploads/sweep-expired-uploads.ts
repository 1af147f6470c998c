import { removeIfExpired } from './remove-if-expired.ts';
import type { TusContext } from './tus-context.ts';
import { isExpired } from './upload-info.ts';

/**
 * Deletes every expired, unfinished upload that no request is using and
 * returns how many. Live uploads are only read, never locked, so a sweep
 * cannot make a client's PATCH fail with 423.
 */
export async function sweepExpiredUploads(ctx: TusContext): Promise<number> {
  let removed = 0;
  for (const id of await ctx.store.listIds()) {
    const info = await ctx.store.read(id);
    if (info && isExpired(info, ctx.now()) && (await removeIfExpired(ctx, id))) removed += 1;
  }
  return removed;
}
