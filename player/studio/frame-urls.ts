/**
 * URLs of clip frames from the server (GET /api/media/frame, public like
 * /media/), for the map's thumbnails and the hotspot region editor.
 */
import type { Story } from '../../engine/story.ts';
import type { ThumbnailSource } from './map/branchcast-story-map.ts';

/** Only packaged clips (a DASH manifest) have frames; a new node's placeholder path has none yet. */
export function isPackaged(src: string | undefined): src is string {
  return typeof src === 'string' && src.endsWith('.mpd');
}

/** Bumped when this page packages a clip; see clipsChanged. */
let generation = 0;
let last: { key: string; source: ThumbnailSource } | undefined;

/**
 * A clip was (re)packaged at a path images may already show. Its frame URL
 * must change, or the browser keeps what it had: a failed image is not
 * fetched again for the same URL, and a loaded one is cached (max-age).
 */
export function clipsChanged(): void {
  generation += 1;
  last = undefined;
}

/** The frame of `src` at `seconds`, `width` pixels wide. The server keys its cache by tenths, so the URL does too. */
export function frameUrl(src: string, seconds: number, width: number): string {
  const t = Number.isFinite(seconds) ? Math.max(0, Math.round(seconds * 10) / 10) : 0;
  // `v` is not read by the server: it only makes the URL new (its own cache follows the file's mtime).
  return `/api/media/frame?src=${encodeURIComponent(src)}&t=${t}&w=${width}${generation > 0 ? `&v=${generation}` : ''}`;
}

/**
 * The map's `thumbnails`: a frame near the start of each packaged node. The
 * same function comes back until a node's media changes, because the map
 * re-renders its cards whenever the function changes.
 */
export function mapThumbnails(story: Story): ThumbnailSource {
  const media = Object.entries(story.nodes).map(([id, node]) => [id, node.media?.src, node.media?.duration] as const);
  const key = JSON.stringify(media);
  if (last?.key === key) return last.source;
  const urls = new Map<string, string>();
  for (const [id, src, duration] of media) {
    if (isPackaged(src)) urls.set(id, frameUrl(src, Math.min(1, (Number(duration) || 0) / 2), 160));
  }
  const source: ThumbnailSource = (id) => urls.get(id) ?? null;
  last = { key, source };
  return source;
}
