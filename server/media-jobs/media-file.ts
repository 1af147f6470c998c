import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { parseMediaPath } from '../media/media-path.ts';

/** A media path (what a node's `media.src` holds) resolved to a regular file inside the media root, or why not. */
export type MediaFileResult =
  | { ok: true; src: string; path: string; mtimeMs: number }
  | { ok: false; reason: 'bad-path' | 'not-found'; message: string };

/**
 * Resolves `src` the way GET /media/ would: the media route's checks
 * (media-path.ts: no `..`, no encoded separators, no dotfiles, no URLs since
 * the path is always taken below the root), then the real path after symlinks
 * must still be inside the real media root. Shared by the probe and frame
 * endpoints so neither can be used to reach a file /media/ would not serve.
 */
export async function resolveMediaFile(mediaRoot: string, src: string): Promise<MediaFileResult> {
  const parsed = parseMediaPath(`/media/${src.split('/').map(encodeURIComponent).join('/')}`);
  if (!parsed.ok) return { ok: false, reason: parsed.status === 400 ? 'bad-path' : 'not-found', message: `'${src}' is not a media path: ${parsed.reason}` };
  try {
    const root = await realpath(mediaRoot);
    const real = await realpath(join(root, ...parsed.segments));
    const info = await stat(real);
    if (real.startsWith(root + sep) && info.isFile()) return { ok: true, src: parsed.segments.join('/'), path: real, mtimeMs: info.mtimeMs };
  } catch {
    // missing, a dangling symlink, or unreadable: all the same to a client
  }
  return { ok: false, reason: 'not-found', message: `no media file '${src}'` };
}
