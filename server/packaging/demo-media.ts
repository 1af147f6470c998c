import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { nodeKeyframeTimes } from '../../engine/cues.ts';
import { assertFfmpegAvailable } from './ffmpeg-check.ts';
import type { FfmpegTools } from './ffmpeg-tools.ts';
import { writeDemoCaptions } from './demo-captions.ts';
import { demoNodeInput } from './demo-node-input.ts';
import { writeDemoOverlay } from './demo-overlay.ts';
import { packageMedia } from './package-media.ts';
import { HLS_MASTER_NAME } from './package-version.ts';
import { parseStoryForMedia, storyMediaNodes, storyOverlayPaths } from './package-story-nodes.ts';

export interface DemoMediaRequest {
  tools: FfmpegTools;
  /** The story whose nodes get media, e.g. `stories/demo.json`. */
  storyPath: string;
  /** Media root the story's `media.src` paths are relative to, e.g. `stories/media`. */
  mediaRoot: string;
  /** Regenerate even when the output is newer than the story. */
  force?: boolean;
  /** ffmpeg runs at once (default 2: one per core on the reference machine). */
  concurrency?: number;
  /** One line per finished item, as it finishes. */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface DemoMediaItem {
  /** Media-root-relative path of the manifest or image. */
  path: string;
  action: 'generated' | 'skipped';
  /** Node id, for clips. */
  node?: string;
  /** Seconds the item took to generate. */
  seconds?: number;
  /** Clips: the caption files (media-root-relative) this run wrote or rewrote. */
  captions?: string[];
}

/**
 * Generates a synthetic clip (DASH and HLS over one set of segments) for every node of a story (node id and
 * timecode burned in, a tone per node, exactly the node's duration, keyframes
 * on every cue), the caption files its nodes list (English and French, see
 * demo-captions.ts) and the AR overlay images its hotspots reference.
 *
 * Items whose output is newer than the story file are skipped unless `force`.
 * Every item is written to a staging path and renamed into place, so an
 * interrupted run never leaves a half-written clip that would be skipped later.
 *
 * @throws StoryMediaError, FfmpegMissingError, FfmpegFailedError
 */
export async function generateDemoMedia(request: DemoMediaRequest): Promise<DemoMediaItem[]> {
  const storyPath = resolve(request.storyPath);
  const mediaRoot = resolve(request.mediaRoot);
  const story = parseStoryForMedia(await readFile(storyPath, 'utf8'), storyPath);
  const storyTime = (await stat(storyPath)).mtimeMs;
  const log = request.log ?? (() => {});
  await assertFfmpegAvailable(request.tools);

  const upToDate = async (path: string) => !request.force && (await mtime(path)) > storyTime;
  const jobs: Array<() => Promise<DemoMediaItem>> = [];

  storyMediaNodes(story).forEach(({ id, node, dir, manifestName }, index) => {
    jobs.push(async () => {
      const path = `${dir}/${manifestName}`;
      // Both manifests: demo media made before HLS packaging has no master playlist yet.
      const current = (await upToDate(join(mediaRoot, path))) && (await upToDate(join(mediaRoot, dir, HLS_MASTER_NAME)));
      // Captions are text and cheap: always brought up to date, whether or not the clip is.
      if (current) return { path, node: id, action: 'skipped', captions: await writeDemoCaptions(mediaRoot, id, node) };
      const started = performance.now();
      await packageMedia({
        tools: request.tools,
        input: demoNodeInput(id, index, node.media.duration),
        outDir: join(mediaRoot, dir),
        options: { cues: nodeKeyframeTimes(node), manifestName, videoBitrate: '400k', audioBitrate: '64k' },
        replace: true,
        signal: request.signal,
      });
      const captions = await writeDemoCaptions(mediaRoot, id, node);
      return { path, node: id, action: 'generated', seconds: (performance.now() - started) / 1000, captions };
    });
  });
  for (const path of storyOverlayPaths(story)) {
    jobs.push(async () => {
      const target = join(mediaRoot, path);
      if (await upToDate(target)) return { path, action: 'skipped' };
      const started = performance.now();
      await mkdir(dirname(target), { recursive: true });
      const staging = `${target}.partial-${process.pid}.png`;
      try {
        await writeDemoOverlay(request.tools, staging);
        await rename(staging, target);
      } finally {
        await rm(staging, { force: true });
      }
      return { path, action: 'generated', seconds: (performance.now() - started) / 1000 };
    });
  }

  return runLimited(jobs, request.concurrency ?? 2, (item) => log(describe(item)));
}

function describe(item: DemoMediaItem): string {
  const what = item.node ? `node ${item.node}: ${item.path}` : item.path;
  return item.action === 'skipped' ? `up to date  ${what}` : `generated   ${what} (${item.seconds?.toFixed(1)} s)`;
}

/** Runs jobs with at most `limit` in flight; results keep job order. The first failure rejects after running jobs settle. */
async function runLimited<T>(jobs: Array<() => Promise<T>>, limit: number, onDone: (result: T) => void): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < jobs.length) {
      const index = next++;
      try {
        results[index] = await jobs[index]!();
        onDone(results[index]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, jobs.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}

async function mtime(path: string): Promise<number> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return -Infinity;
  }
}
