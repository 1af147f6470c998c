import { error, warning, type Diagnostic } from './diagnostic.ts';
import { pointer } from './json-pointer.ts';
import type { StoryNode } from './story.ts';
import { parseVtt } from './webvtt.ts';

/** Reads a caption file under the media root for `bad-captions`; undefined when it cannot be read. Supplied by the caller (the engine does no I/O). */
export type CaptionReader = (src: string) => string | undefined;

/**
 * A node's caption tracks: one per language, each path checked like
 * `media.src` (by `checkSrc`), and, when the file can be read, parsed as
 * WebVTT. Cues past the end of the clip are a warning: they never show, but
 * the rest of the file is fine.
 */
export function checkCaptions(nodeId: string, node: StoryNode, checkSrc: (src: string, path: string) => Diagnostic[], read?: CaptionReader): Diagnostic[] {
  const out: Diagnostic[] = [];
  const langs = new Map<string, number>();
  (node.media.captions ?? []).forEach((track, i) => {
    const at = (...rest: Array<string | number>) => pointer('nodes', nodeId, 'media', 'captions', i, ...rest);
    // BCP 47 tags compare case-insensitively (en-GB = en-gb).
    const key = track.lang.toLowerCase();
    const first = langs.get(key);
    if (first !== undefined) out.push(error('duplicate-id', at('lang'), `captions for '${track.lang}' are already listed at index ${first}`));
    else langs.set(key, i);
    const srcFindings = checkSrc(track.src, at('src'));
    out.push(...srcFindings);
    if (srcFindings.length > 0 || !read) return;
    const text = read(track.src);
    if (text === undefined) return;
    const parsed = parseVtt(text);
    if (!parsed.ok) {
      out.push(error('bad-captions', at('src'), `'${track.src}' is not valid WebVTT: line ${parsed.line}: ${parsed.message}`));
      return;
    }
    const late = parsed.cues.find((c) => c.end > node.media.duration + 1e-6);
    if (late) out.push(warning('captions-past-end', at('src'), `'${track.src}' has a cue ending at ${late.end} s, past the end of the media (${node.media.duration} s)`));
  });
  return out;
}
