/** What deciding who may write a story's media looks at. */
export interface MediaWriteAccess {
  /** Constant-time check of an `Authorization` header against the operator key. */
  isAdmin: (authorization: string | undefined) => boolean;
}

/**
 * Whether the caller may package media into the nodes of story `storyId`
 * (POST /api/stories/:id/nodes/:node/media, and reading that job), or, with
 * `storyId` undefined, use the media tools that belong to no story (GET
 * /api/media/probe). The one place this rule lives: today the operator key
 * only; author keys (server/auth) extend it here, e.g. an author for their
 * own and shared stories.
 */
export async function mayWriteStoryMedia(access: MediaWriteAccess, authorization: string | undefined, storyId: string | undefined): Promise<boolean> {
  void storyId;
  return access.isAdmin(authorization);
}
