import type { TusContext } from './tus-context.ts';
import { isExpired } from './upload-info.ts';

/**
 * Deletes an upload that looked expired, if it still is once we hold its lock.
 * Only called after a lock-free read found it expired, so ordinary uploads are
 * never locked by readers (a HEAD or the sweeper must not make a PATCH see 423).
 * Returns true when it removed the upload.
 */
export async function removeIfExpired(ctx: TusContext, id: string): Promise<boolean> {
  // Held: a PATCH or DELETE is running; it checks expiry itself.
  if (!ctx.locks.tryAcquire(id)) return false;
  try {
    const info = await ctx.store.read(id);
    if (!info || !isExpired(info, ctx.now())) return false;
    await ctx.store.remove(id);
    return true;
  } finally {
    ctx.locks.release(id);
  }
}
