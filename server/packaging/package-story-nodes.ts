import { isAbsolute, normalize, sep } from 'node:path';
import type { Story, StoryNode } from '../../engine/story.ts';

/** What generating media needs from one node. */
export interface StoryMediaNode {
  id: string;
  node: StoryNode;
  /** Media-root-relative folder of the node's manifest, e.g. `demo/intro`. */
  dir: string;
  manifestName: string;
}

/** The story cannot drive packaging (not a story, paths outside the media root, clashing folders, no DASH manifest). */
export class StoryMediaError extends Error {
  override name = 'StoryMediaError';
}

/**
 * The nodes of a story with their output folders, after checking the paths
 * are safe to write under a media root: relative, no `..`, one node per
 * folder, and a `.mpd` manifest (`media.src` names the DASH manifest; the
 * HLS `master.m3u8` that packaging writes sits beside it).
 */
export function storyMediaNodes(story: Story): StoryMediaNode[] {
  const byDir = new Map<string, string>();
  return Object.entries(story.nodes).map(([id, node]) => {
    const src = mediaRelativePath(node.media.src, `node '${id}'`);
    const slash = src.lastIndexOf('/');
    const dir = slash < 0 ? '' : src.slice(0, slash);
    const manifestName = src.slice(slash + 1);
    if (!dir) throw new StoryMediaError(`node '${id}': media.src '${node.media.src}' must sit in a folder of its own`);
    if (!manifestName.endsWith('.mpd')) throw new StoryMediaError(`node '${id}': media.src '${node.media.src}' is not a DASH manifest (.mpd)`);
    const other = byDir.get(dir);
    if (other) throw new StoryMediaError(`nodes '${other}' and '${id}' share the media folder '${dir}'`);
    byDir.set(dir, id);
    return { id, node, dir, manifestName };
  });
}

/** AR overlay images the story references (hotspot `overlay`), as media-root-relative paths. */
export function storyOverlayPaths(story: Story): string[] {
  const paths = new Set<string>();
  for (const [id, node] of Object.entries(story.nodes)) {
    for (const hotspot of node.hotspots ?? []) {
      if (hotspot.kind === 'ar') paths.add(mediaRelativePath(hotspot.overlay, `hotspot '${id}/${hotspot.id}'`));
    }
  }
  return [...paths].sort();
}

/** Normalised `/`-separated path that cannot leave the media root. */
function mediaRelativePath(src: string, where: string): string {
  const clean = normalize(src).split(sep).join('/');
  if (isAbsolute(src) || src.includes('\0') || clean === '..' || clean.startsWith('../') || clean.includes('/../')) {
    throw new StoryMediaError(`${where}: '${src}' must be a path inside the media root`);
  }
  return clean;
}

/**
 * Parses a story file with just enough shape checking to package its media;
 * full validation is `branchcast validate`.
 */
export function parseStoryForMedia(text: string, path: string): Story {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new StoryMediaError(`${path} is not JSON: ${(cause as Error).message}`, { cause });
  }
  const nodes = (value as { nodes?: unknown } | null)?.nodes;
  if (typeof nodes !== 'object' || nodes === null) throw new StoryMediaError(`${path} has no nodes`);
  for (const [id, node] of Object.entries(nodes)) {
    const media = (node as { media?: { src?: unknown; duration?: unknown } } | null)?.media;
    if (typeof media?.src !== 'string' || typeof media.duration !== 'number' || !(media.duration > 0 && media.duration <= 3600)) {
      throw new StoryMediaError(`${path}: node '${id}' needs media.src and a media.duration between 0 and 3600 s`);
    }
  }
  return value as Story;
}
