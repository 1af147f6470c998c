import type { ResolvePrincipal } from '../auth/principal.ts';
import { canWrite, type Owned } from '../stories/story-access.ts';

/** What deciding who may write a story's media looks at. */
export interface MediaWriteAccess {
  /** Constant-time check of an `Authorization` header against the operator key. */
  isAdmin: (authorization: string | undefined) => boolean;
  /** Who a key belongs to (an author key, say); absent: the operator key only. */
  principal?: ResolvePrincipal;
  /** A story's owner and shares; undefined for no such story. */
  ownership?: (storyId: string) => Promise<Owned | undefined>;
}

/**
 * Whether the caller may package media into the nodes of story `storyId`
 * (POST /api/stories/:id/nodes/:node/media, and reading that job), or, with
 * `storyId` undefined, use the media tools that belong to no story (GET
 * /api/media/probe). The one place this rule lives: the operator key for
 * anything; an author key for the stories it may save (its own and those
 * shared with it, docs/studio-api.md) and for the probe.
 */
export async function mayWriteStoryMedia(access: MediaWriteAccess, authorization: string | undefined, storyId: string | undefined): Promise<boolean> {
  if (access.isAdmin(authorization)) return true;
  if (!access.principal || authorization === undefined) return false;
  const who = await access.principal(authorization);
  if (who.kind !== 'author') return false;
  if (storyId === undefined) return true;
  const owned = await access.ownership?.(storyId);
  return owned !== undefined && canWrite(who, owned);
}
