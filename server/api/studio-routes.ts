import type { ServerContext } from '../server-context.ts';
import type { TemplatedApp } from '../uws.ts';
import { mountApi, type ApiHandler } from './api-handler.ts';
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
 * shares. Mounted now; `ready` gives the deps once the rooms backend is open.
 */
export function mountStudioApi(app: TemplatedApp, ctx: ServerContext, ready: () => RoomsApiDeps): void {
  const lazy = (make: (d: RoomsApiDeps) => ApiHandler): ApiHandler => (request) => make(ready())(request);
  mountApi(app, ctx, 'put', '/api/stories/:id', 1, lazy(putStory));
  mountApi(app, ctx, 'get', '/api/stories/:id/versions', 1, lazy(listVersions));
  mountApi(app, ctx, 'get', '/api/stories/:id/versions/:version', 2, lazy(getVersion));
  mountApi(app, ctx, 'get', '/api/stories/:id/versions/:version/diff', 2, lazy(diffVersions));
  mountApi(app, ctx, 'post', '/api/stories/:id/versions/:version/restore', 2, lazy(restoreVersion), SMALL);
  mountApi(app, ctx, 'post', '/api/stories/:id/shares', 1, lazy(postShare), SMALL);
  mountApi(app, ctx, 'del', '/api/stories/:id/shares/:author', 2, lazy(deleteShare));
  mountApi(app, ctx, 'post', '/api/authors', 0, lazy(postAuthor), SMALL);
  mountApi(app, ctx, 'get', '/api/authors', 0, lazy(listAuthors));
  mountApi(app, ctx, 'del', '/api/authors/:id', 1, lazy(deleteAuthor));
}
