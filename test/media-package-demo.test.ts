/**
 * `branchcast media demo` on the real demo story, into a temp media root:
 * every node gets a clip of exactly its duration (ffprobe, ±0.1 s) with
 * keyframes on its cues, English and French captions that parse and cover
 * the clip, the AR overlay is a transparent PNG, and a second run skips what
 * is up to date.
 */
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeKeyframeTimes } from '../engine/cues.ts';
import type { Story } from '../engine/story.ts';
import { parseVtt } from '../engine/webvtt.ts';
import { generateDemoMedia } from '../server/packaging/demo-media.ts';
import { probeKeyframeTimes, probeMedia } from '../server/packaging/ffmpeg-probe.ts';
import { runFfmpegTool } from '../server/packaging/ffmpeg-run.ts';
import { ffmpegTools } from '../server/packaging/ffmpeg-tools.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';
import { runCli as cli, runCliInProcess } from './support/cli.ts';

const REPO = join(import.meta.dirname, '..');
const STORY = join(REPO, 'stories', 'demo.json');
const tools = ffmpegTools();

let tmp: TempDir;
let story: Story;
let firstRun: { code: number | null; stdout: string; stderr: string; seconds: number };


beforeAll(async () => {
  tmp = await makeTempDir('branchcast-demo-media-');
  story = JSON.parse(await readFile(STORY, 'utf8')) as Story;
  const started = performance.now();
  const result = await cli(['media', 'demo', '--media', tmp.path]);
  firstRun = { ...result, seconds: (performance.now() - started) / 1000 };
});

afterAll(async () => {
  await tmp?.remove();
});

describe('branchcast media demo', () => {
  it('generates every node and the overlay, and says so', () => {
    expect(firstRun.stderr).toBe('');
    expect(firstRun.code).toBe(0);
    for (const id of Object.keys(story.nodes)) expect(firstRun.stdout).toMatch(new RegExp(`generated +node ${id}: `));
    expect(firstRun.stdout).toContain('generated   demo/ar/shades.png');
    expect(firstRun.stdout).toMatch(/6 generated, 0 up to date/);
    // The budget is a minute on 2 cores; leave room for a loaded CI box.
    expect(firstRun.seconds).toBeLessThan(60);
  });

  it('writes each listed caption file next to the manifest: WebVTT, a cue every 2 s up to the end of the clip', async () => {
    for (const [id, node] of Object.entries(story.nodes)) {
      expect(node.media.captions?.map((c) => c.lang), id).toEqual(['en', 'fr']);
      for (const track of node.media.captions ?? []) {
        expect(track.src.slice(0, track.src.lastIndexOf('/'))).toBe(node.media.src.slice(0, node.media.src.lastIndexOf('/')));
        const parsed = parseVtt(await readFile(join(tmp.path, track.src), 'utf8'));
        if (!parsed.ok) throw new Error(`${track.src}: line ${parsed.line}: ${parsed.message}`);
        expect(parsed.cues.length).toBe(Math.ceil(node.media.duration / 2));
        expect(parsed.cues.at(-1)?.end).toBe(node.media.duration);
        expect(parsed.cues[0]?.text).toBe(track.lang === 'en' ? `${node.title}: seconds 0 to 2` : `${node.title} : secondes 0 à 2`);
      }
    }
  });

  it("gives each clip its node's duration (±0.1 s) with keyframes on every cue", async () => {
    for (const [id, node] of Object.entries(story.nodes)) {
      const manifest = join(tmp.path, node.media.src);
      const probe = await probeMedia(tools, manifest);
      expect(Math.abs(probe.duration - node.media.duration), `${id} lasts ${probe.duration}`).toBeLessThanOrEqual(0.1);
      expect(probe.video).toMatchObject({ codec: 'h264', width: 640, height: 360, fps: 25 });
      expect(probe.audio?.codec).toBe('aac');

      const keyframes = await probeKeyframeTimes(tools, manifest);
      const wanted = nodeKeyframeTimes(node).filter((t) => t < node.media.duration);
      for (const t of wanted) expect(keyframes, `${id}: keyframe at ${t}`).toContain(t);
      for (let t = 0; t < node.media.duration; t += 2) expect(keyframes, `${id}: segment boundary ${t}`).toContain(t);
    }
  });

  it('burns in a distinct picture per node', async () => {
    const frames = await Promise.all(
      Object.values(story.nodes).map(async (node) => {
        // No `file:` before the manifest: ffmpeg 4.1's DASH demuxer refuses it.
        const { stdout } = await runFfmpegTool(tools.ffmpeg, [
          '-v', 'error', '-ss', '1', '-i', join(tmp.path, node.media.src), '-frames:v', '1', '-vf', 'scale=16:9', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-',
        ]);
        return stdout;
      }),
    );
    expect(new Set(frames).size).toBe(frames.length);
  });

  it('draws the AR overlay as a PNG with transparency', async () => {
    const png = join(tmp.path, 'demo', 'ar', 'shades.png');
    const probe = await runFfmpegTool(tools.ffprobe, ['-v', 'error', '-show_entries', 'stream=codec_name,pix_fmt,width,height', '-of', 'json', `file:${png}`]);
    expect(JSON.parse(probe.stdout).streams[0]).toMatchObject({ codec_name: 'png', pix_fmt: 'rgba' });
    // Alpha of the top-left corner (transparent) and of a lens centre (opaque-ish).
    const alpha = async (x: number, y: number) =>
      (await runFfmpegTool(tools.ffmpeg, ['-v', 'error', '-i', `file:${png}`, '-vf', `crop=1:1:${x}:${y},alphaextract`, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'])).stdout.charCodeAt(0);
    expect(await alpha(2, 2)).toBe(0);
    expect(await alpha(105, 85)).toBeGreaterThan(128);
  });

  it('skips up-to-date output and regenerates what is older than the story', async () => {
    const intro = join(tmp.path, story.nodes.intro!.media.src);
    const before = (await stat(intro)).mtimeMs;
    const skipped = await generateDemoMedia({ tools, storyPath: STORY, mediaRoot: tmp.path });
    expect(skipped.every((i) => i.action === 'skipped')).toBe(true);
    expect((await stat(intro)).mtimeMs).toBe(before);

    // Make only the intro older than the story.
    const storyTime = (await stat(STORY)).mtime;
    const older = new Date(storyTime.getTime() - 60_000);
    await utimes(intro, older, older);
    const partly = await generateDemoMedia({ tools, storyPath: STORY, mediaRoot: tmp.path });
    expect(partly.filter((i) => i.action === 'generated').map((i) => i.node)).toEqual(['intro']);

  });

  it('`branchcast demo` refuses to serve a story that fails validation, after saying why', async () => {
    const broken = join(tmp.path, 'broken.json');
    const node = { media: { src: 'broken/only/manifest.mpd', duration: 1 }, ending: { title: 'End' } };
    await writeFile(broken, JSON.stringify({ format: 'branchcast/story@1', id: 'broken', title: 'Broken', start: 'missing', nodes: { only: node } }));
    const { code, stdout: out, stderr: err } = await runCliInProcess(['demo', '--story', broken, '--media', tmp.path, '--port', '0']);
    expect(code).toBe(1);
    expect(out).toContain('generated   node only: broken/only/manifest.mpd');
    expect(err).toMatch(/error missing-start/);
    expect(err).toContain('has errors; not serving it');
    expect(out).not.toContain('listening');
  });

  it('--force regenerates even up-to-date output (on a one-node story, to stay quick)', async () => {
    const tiny = join(tmp.path, 'tiny.json');
    const node = { media: { src: 'tiny/only/manifest.mpd', duration: 2 }, ending: { title: 'End' } };
    await writeFile(tiny, JSON.stringify({ ...story, id: 'tiny', start: 'only', variables: {}, nodes: { only: node } }));
    expect((await generateDemoMedia({ tools, storyPath: tiny, mediaRoot: tmp.path })).map((i) => i.action)).toEqual(['generated']);
    expect((await generateDemoMedia({ tools, storyPath: tiny, mediaRoot: tmp.path })).map((i) => i.action)).toEqual(['skipped']);
    expect((await generateDemoMedia({ tools, storyPath: tiny, mediaRoot: tmp.path, force: true })).map((i) => i.action)).toEqual(['generated']);
  });
});
