import type { ServerContext } from '../server-context.ts';
import type { TemplatedApp } from '../uws.ts';
import { mountApi } from './api-handler.ts';
import { deleteAuthor, listAuthors, postAuthor } from './authors-handlers.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';
import { deleteShare, postShare } from './shares-handlers.ts';
import { putStory, restoreVersion } from './story-save-handlers.ts';
import { diffVersions, getVersion, listVersions } from './story-versions-handlers.ts';

/** Small bodies: an author's name, a share. */
const SMALL = { maxBody: 64 * 1024 };

/**
 * The story studio's API (issue 16, docs/studio-api.md): saving stories as
 * versions with If-Match, their history, diffs and restores, author keys and
 * shares, on the open story library.
 */
export function mountStudioApi(app: TemplatedApp, ctx: ServerContext, deps: RoomsApiDeps): void {
  mountApi(app, ctx, 'put', '/api/stories/:id', 1, putStory(deps));
  mountApi(app, ctx, 'get', '/api/stories/:id/versions', 1, listVersions(deps));
  mountApi(app, ctx, 'get', '/api/stories/:id/versions/:version', 2, getVersion(deps));
  mountApi(app, ctx, 'get', '/api/stories/:id/versions/:version/diff', 2, diffVersions(deps));
  mountApi(app, ctx, 'post', '/api/stories/:id/versions/:version/restore', 2, restoreVersion(deps), SMALL);
  mountApi(app, ctx, 'post', '/api/stories/:id/shares', 1, postShare(deps), SMALL);
  mountApi(app, ctx, 'del', '/api/stories/:id/shares/:author', 2, deleteShare(deps));
  mountApi(app, ctx, 'post', '/api/authors', 0, postAuthor(deps), SMALL);
  mountApi(app, ctx, 'get', '/api/authors', 0, listAuthors(deps));
  mountApi(app, ctx, 'del', '/api/authors/:id', 1, deleteAuthor(deps));
}
