/**
 * Caption files for the demo story's synthetic clips: one cue every 2 s that
 * says which scene is on screen and which seconds it covers, so a viewer (or
 * a browser test) can tell from the caption alone that it is timed to the
 * right node and moment. English and French, the languages stories/demo.json lists.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { StoryNode } from '../../engine/story.ts';
import { defaultText } from '../../engine/text.ts';

const CUE_SECONDS = 2;

/** Cue text per language; a track in another language gets no demo file (the validator then reports it missing). */
const PHRASES: Readonly<Record<string, (scene: string, from: number, to: number) => string>> = {
  en: (scene, from, to) => `${scene}: seconds ${from} to ${to}`,
  fr: (scene, from, to) => `${scene} : secondes ${from} à ${to}`,
};

export function demoCaptionLanguages(): string[] {
  return Object.keys(PHRASES);
}

/** WebVTT text for one node in one language, covering exactly [0, duration]. */
export function demoCaptionsText(scene: string, duration: number, lang: string): string | undefined {
  const phrase = PHRASES[lang];
  if (!phrase) return undefined;
  const cues: string[] = [];
  for (let from = 0; from < duration; from += CUE_SECONDS) {
    const to = Math.min(duration, from + CUE_SECONDS);
    cues.push(`${vttTime(from)} --> ${vttTime(to)}\n${phrase(scene, from, to)}`);
  }
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

/**
 * Writes the node's listed caption files under the media root, only those
 * whose text changed (so reruns leave mtimes and HTTP caches alone), each
 * staged and renamed into place. Returns the media-root-relative paths written.
 */
export async function writeDemoCaptions(mediaRoot: string, nodeId: string, node: StoryNode): Promise<string[]> {
  const written: string[] = [];
  for (const track of node.media.captions ?? []) {
    const text = demoCaptionsText(node.title === undefined ? nodeId : defaultText(node.title, {}), node.media.duration, track.lang);
    if (text === undefined || track.src.split('/').includes('..')) continue;
    const target = join(mediaRoot, track.src);
    if ((await readFile(target, 'utf8').catch(() => undefined)) === text) continue;
    await mkdir(dirname(target), { recursive: true });
    const staging = `${target}.partial-${process.pid}`;
    try {
      await writeFile(staging, text);
      await rename(staging, target);
    } finally {
      await rm(staging, { force: true });
    }
    written.push(track.src);
  }
  return written;
}

function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}
