import type { TusContext } from './tus-context.ts';
import { isExpired } from './upload-info.ts';

/**
 * Deletes every expired, unfinished upload that no request is using.
 * Returns how many were removed. Re-reads each info under the lock, so an
 * upload whose PATCH just refreshed its deadline is never removed.
 */
export async function sweepExpiredUploads(ctx: TusContext): Promise<number> {
  let removed = 0;
  for (const id of await ctx.store.listIds()) {
    if (!ctx.locks.tryAcquire(id)) continue;
    try {
      const info = await ctx.store.read(id);
      if (info && isExpired(info, ctx.now())) {
        await ctx.store.remove(id);
        removed += 1;
      }
    } finally {
      ctx.locks.release(id);
    }
  }
  return removed;
}
