/**
 * Content-Type and Cache-Control for files under the media root, chosen by
 * file name alone. Pure.
 */
import { extname, basename } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.mpd': 'application/dash+xml',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.webm': 'video/webm',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.aac': 'audio/aac',
  '.mp3': 'audio/mpeg',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.vtt': 'text/vtt; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type for a file name; unknown extensions are opaque bytes. */
export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/** Segments never change once written: cache them for a year. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/**
 * Everything else (manifests above all) may be rewritten by a new packaging
 * run: let caches keep it but revalidate every time; the ETag makes that a
 * cheap 304.
 */
export const REVALIDATE_CACHE = 'no-cache';

// WebM DASH segments are numbered (chunk-stream0-00001.webm) or named init/chunk;
// a lone intro.webm is a whole video that may be replaced.
const WEBM_SEGMENT = /(^(init|chunk|seg|segment)[-_.])|(\d\.webm$)/i;

/** The Cache-Control policy for a file name. */
export function cacheControlFor(fileName: string): string {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.m4s' || ext === '.ts') return IMMUTABLE_CACHE;
  if (ext === '.webm' && WEBM_SEGMENT.test(basename(fileName))) return IMMUTABLE_CACHE;
  return REVALIDATE_CACHE;
}
