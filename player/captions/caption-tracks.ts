/** Which caption track a node shows, and how a cue's text is drawn. Pure: unit-tested without a browser. */
import type { Captions } from '../../engine/story.ts';

/** The viewer's choice: a language tag, 'off', or null when they never chose. */
export type CaptionChoice = string | null;

/**
 * The node's track for the viewer: their chosen language when the node has it
 * (exactly, else by primary subtag, so `fr` finds `fr-CA`); otherwise the
 * track the story marks default; otherwise the first match of the browser's
 * languages. 'off' shows nothing.
 */
export function pickTrack(tracks: readonly Captions[], choice: CaptionChoice, browserLanguages: readonly string[]): Captions | undefined {
  if (choice === 'off' || tracks.length === 0) return undefined;
  const find = (tag: string): Captions | undefined => {
    const lower = tag.toLowerCase();
    const primary = lower.split('-')[0];
    return tracks.find((t) => t.lang.toLowerCase() === lower) ?? tracks.find((t) => t.lang.toLowerCase().split('-')[0] === primary);
  };
  if (choice !== null) {
    const chosen = find(choice);
    if (chosen) return chosen;
  }
  const marked = tracks.find((t) => t.default);
  if (marked) return marked;
  for (const tag of browserLanguages) {
    const match = find(tag);
    if (match) return match;
  }
  return undefined;
}

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&nbsp;': '\u00a0', '&lrm;': '\u200e', '&rlm;': '\u200f' };

/** Cue text as plain text: WebVTT tags (`<i>`, `<v Ana>`, timestamps) dropped, entities decoded. Lit escapes the rest. */
export function cuePlainText(text: string): string {
  return text.replace(/<[^>]*>/g, '').replace(/&(?:amp|lt|gt|nbsp|lrm|rlm);/g, (e) => ENTITIES[e] ?? e);
}
