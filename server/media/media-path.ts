/**
 * Turns the raw request path of `/media/<path>` into safe path segments, or a
 * refusal. Pure; the filesystem check (realpath inside the root) comes after,
 * in media-file-cache.ts, because symlinks can only be judged on disk.
 *
 * The raw path is what the client sent: uWS neither decodes nor normalises it.
 */

export type MediaPathResult =
  | { ok: true; segments: string[] }
  | { ok: false; status: 400 | 404; reason: string };

/** Longest accepted raw path after the prefix; real media paths are short. */
export const MAX_MEDIA_PATH_LENGTH = 1024;

/** C0 controls (NUL included) and DEL: never part of a media file name we serve. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Validates `rawPath` (e.g. `/media/heist/intro/manifest.mpd`) below `prefix`.
 * Refuses (400) `.`/`..` segments in any encoding, encoded `/`, backslashes,
 * NUL and other controls, empty segments (`//etc` is an absolute-path
 * attempt) and bad percent-encoding. Dotfiles and directory paths are 404.
 */
export function parseMediaPath(rawPath: string, prefix = '/media/'): MediaPathResult {
  if (!rawPath.startsWith(prefix)) return { ok: false, status: 404, reason: 'outside the media prefix' };
  const rest = rawPath.slice(prefix.length);
  if (rest === '') return { ok: false, status: 404, reason: 'no file named' };
  if (rest.length > MAX_MEDIA_PATH_LENGTH) return { ok: false, status: 400, reason: 'path too long' };
  if (rest.includes('\\')) return { ok: false, status: 400, reason: 'backslash in path' };

  const raw = rest.split('/');
  const segments: string[] = [];
  for (let i = 0; i < raw.length; i += 1) {
    const part = raw[i] ?? '';
    if (part === '') {
      if (i === raw.length - 1) return { ok: false, status: 404, reason: 'directory path' };
      return { ok: false, status: 400, reason: 'empty path segment' };
    }
    let decoded = part;
    // Most media paths carry no escapes; decoding is the costly step of a hot 1 KB range request.
    if (part.includes('%')) {
      try {
        decoded = decodeURIComponent(part);
      } catch {
        return { ok: false, status: 400, reason: 'malformed percent-encoding' };
      }
    }
    if (decoded === '.' || decoded === '..') return { ok: false, status: 400, reason: 'dot segment' };
    if (decoded.includes('/') || decoded.includes('\\')) return { ok: false, status: 400, reason: 'encoded separator' };
    if (hasControlCharacter(decoded)) return { ok: false, status: 400, reason: 'control character' };
    if (decoded.startsWith('.')) return { ok: false, status: 404, reason: 'hidden file' };
    segments.push(decoded);
  }
  return { ok: true, segments };
}
