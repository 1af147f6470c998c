import { mkdir, realpath } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { nodeKeyframeTimes } from '../../engine/cues.ts';
import type { Story } from '../../engine/story.ts';
import { StoryMediaError, storyMediaNodes } from './package-story-nodes.ts';

/** Where and how one story node's media is packaged. */
export interface StoryNodeTarget {
  /** Absolute folder that receives the manifest and segments: `<media root>/<dirname of media.src>`. */
  outDir: string;
  manifestName: string;
  /** The node's media path relative to the media root, normalised (`heist/intro/manifest.mpd`). */
  src: string;
  /** The node's declared `media.duration`, which its cue times assume. */
  duration: number;
  /** Media times that must start on a keyframe: the node's cues (engine/cues.ts). */
  cues: number[];
}

/**
 * The packaging target of node `nodeId`, for `branchcast media package
 * --story --node` and the packaging jobs of the HTTP API alike. The story's
 * media paths are checked (storyMediaNodes: relative, no `..`, one node per
 * folder, a .mpd manifest).
 *
 * @throws StoryMediaError when the node does not exist or its paths are unsafe.
 */
export function storyNodeTarget(story: Story, nodeId: string, mediaRoot: string): StoryNodeTarget {
  const target = storyMediaNodes(story).find((n) => n.id === nodeId);
  if (!target) throw new StoryMediaError(`story '${story.id}' has no node '${nodeId}'`);
  const root = resolve(mediaRoot);
  const outDir = resolve(root, target.dir);
  if (!outDir.startsWith(root + sep)) throw new StoryMediaError(`node '${nodeId}': media folder '${target.dir}' is outside the media root`);
  return {
    outDir,
    manifestName: target.manifestName,
    src: `${target.dir}/${target.manifestName}`,
    duration: target.node.media.duration,
    cues: nodeKeyframeTimes(target.node),
  };
}

/**
 * Refuses an output folder that resolves outside the media root through a
 * symlink on the way (a lexical check cannot see those): the nearest existing
 * ancestor is realpath'd, as the media route does for what it serves.
 *
 * @throws StoryMediaError when it escapes.
 */
export async function assertInsideMediaRoot(mediaRoot: string, outDir: string): Promise<void> {
  await mkdir(mediaRoot, { recursive: true });
  const root = await realpath(mediaRoot);
  let existing = dirname(resolve(outDir));
  for (;;) {
    const real = await realpath(existing).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (real !== undefined) {
      if (real !== root && !real.startsWith(root + sep)) throw new StoryMediaError(`${outDir} resolves outside the media root`);
      return;
    }
    existing = dirname(existing);
  }
}
