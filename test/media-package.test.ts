/**
 * Packaging with real ffmpeg: a short lavfi-generated input goes through the
 * real CLI (`branchcast media package`) and the API, and ffprobe must find
 * keyframes on every segment boundary and at the cue times.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeKeyframeTimes, probeMedia } from '../server/packaging/ffmpeg-probe.ts';
import { runFfmpegTool } from '../server/packaging/ffmpeg-run.ts';
import { ffmpegTools } from '../server/packaging/ffmpeg-tools.ts';
import { demoNodeInput } from '../server/packaging/demo-node-input.ts';
import { packageMedia } from '../server/packaging/package-media.ts';
import { OutputExistsError } from '../server/packaging/package-staging.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';
import { runCli as cli, runCliInProcess as cliInProcess } from './support/cli.ts';

const tools = ffmpegTools();
/** One frame at 25 fps: the most a keyframe may sit off its target. */
const FRAME = 0.04;

let tmp: TempDir;
let input: string;

/** Runs the real CLI and collects its exit code and output. */


function expectKeyframesAt(keyframes: number[], times: number[]): void {
  for (const t of times) {
    expect(keyframes.some((k) => Math.abs(k - t) < FRAME / 2), `keyframe at ${t} s in [${keyframes.join(', ')}]`).toBe(true);
  }
}

beforeAll(async () => {
  tmp = await makeTempDir('branchcast-package-');
  input = join(tmp.path, 'input.mp4');
  // 9 s with no keyframe hints of its own beyond x264's defaults; 9.0 is not a multiple of the segment.
  await runFfmpegTool(tools.ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25:d=9',
    '-f', 'lavfi', '-i', 'sine=f=330:r=44100:d=9', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '250', '-c:a', 'aac', '-shortest', input,
  ]);
});

afterAll(async () => {
  await tmp?.remove();
});

describe('branchcast media package', () => {
  it('writes an H.264/AAC fMP4 DASH manifest and segments with keyframes on segment boundaries and cues', async () => {
    const out = join(tmp.path, 'h264');
    const result = await cli(['media', 'package', input, '--out', out, '--segment', '2', '--cues', '3,5.5']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(join(out, 'manifest.mpd'));

    const top = await readdir(out);
    expect(top.filter((f) => !f.startsWith('v-')).sort()).toEqual(['manifest.mpd', 'master.m3u8']);
    const versions = top.filter((f) => f.startsWith('v-'));
    expect(versions).toHaveLength(1);
    const files = await readdir(join(out, versions[0]!));
    expect(files.filter((f) => f.startsWith('init-') && f.endsWith('.m4s'))).toHaveLength(2);
    expect(files.filter((f) => f.startsWith('chunk-') && f.endsWith('.m4s')).length).toBeGreaterThanOrEqual(10);
    const mpd = await readFile(join(out, 'manifest.mpd'), 'utf8');
    expect(mpd).toContain('type="static"');
    expect(mpd).toMatch(/codecs="avc1\./);
    expect(mpd).toContain('codecs="mp4a.40.2"');
    expect(mpd).toContain('<SegmentTimeline>');

    const keyframes = await probeKeyframeTimes(tools, join(out, 'manifest.mpd'));
    expectKeyframesAt(keyframes, [0, 2, 3, 4, 5.5, 6, 8]);
    const probe = await probeMedia(tools, join(out, 'manifest.mpd'));
    expect(probe.duration).toBeCloseTo(9, 1);
    expect(probe.video).toMatchObject({ codec: 'h264', width: 320, height: 180, fps: 25 });
    expect(probe.audio).toMatchObject({ codec: 'aac', sampleRate: 48000 });
  });

  it('packages VP9/Opus WebM with --codec vp9, keyframes at the cues too', async () => {
    const out = join(tmp.path, 'vp9');
    const result = await cli(['media', 'package', input, '--out', out, '--codec', 'vp9', '--cues', '7']);
    expect(result.code).toBe(0);
    const [version, ...others] = (await readdir(out)).filter((f) => f.startsWith('v-'));
    expect(others).toEqual([]);
    const files = await readdir(join(out, version!));
    expect(files.filter((f) => f.endsWith('.webm')).length).toBeGreaterThanOrEqual(4);
    // HLS does not carry WebM: VP9 is DASH only.
    expect(await readdir(out)).not.toContain('master.m3u8');
    expect(await readFile(join(out, 'manifest.mpd'), 'utf8')).toContain('mimeType="video/webm"');
    expectKeyframesAt(await probeKeyframeTimes(tools, join(out, 'manifest.mpd')), [0, 2, 4, 6, 7, 8]);
  });

  it('packages a generated (filter-graph) input, in either codec', async () => {
    for (const codec of ['h264', 'vp9'] as const) {
      const out = join(tmp.path, `graph-${codec}`);
      await packageMedia({ tools, input: demoNodeInput('graph', 0, 3), outDir: out, options: { codec, cues: [1] } });
      expect((await probeMedia(tools, join(out, 'manifest.mpd'))).duration, codec).toBeCloseTo(3, 1);
      expectKeyframesAt(await probeKeyframeTimes(tools, join(out, 'manifest.mpd')), [0, 1, 2]);
    }
  });

  it('refuses to overwrite an existing folder unless asked, and then swaps in a new version', async () => {
    const out = join(tmp.path, 'again');
    const first = await packageMedia({ tools, input, outDir: out, options: { segment: 3 } });
    await expect(packageMedia({ tools, input, outDir: out })).rejects.toBeInstanceOf(OutputExistsError);
    const second = await packageMedia({ tools, input, outDir: out, options: { segment: 2 }, replace: true });
    // 9 s in 2-s segments is 5 per stream (3-s segments were 3); ffmpeg 4.1
    // writes no maxSegmentDuration, so the files tell which run is on disk.
    expect((await readdir(join(out, second.version))).filter((f) => f.startsWith('chunk-stream0-'))).toHaveLength(5);
    expect(await readFile(join(out, 'manifest.mpd'), 'utf8')).toContain(`${second.version}/chunk-stream`);
    // The replaced version stays for clients that loaded the old manifest (until the next package).
    expect((await readdir(out)).filter((f) => f.startsWith('v-')).sort()).toEqual([first.version, second.version].sort());
    // No staging folders left next to it.
    expect((await readdir(tmp.path)).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('removes staging folders of dead runs but not of live ones', async () => {
    const out = join(tmp.path, 'leftovers');
    const dead = join(tmp.path, '.leftovers.partial-999999999-dead');
    const live = join(tmp.path, `.leftovers.partial-old-${process.ppid}-live`);
    await mkdir(dead);
    await mkdir(live);
    await packageMedia({ tools, input, outDir: out, options: { segment: 3 } });
    const entries = await readdir(tmp.path);
    expect(entries).not.toContain('.leftovers.partial-999999999-dead');
    expect(entries).toContain(`.leftovers.partial-old-${process.ppid}-live`);
    await rm(live, { recursive: true });
  });

  it('rejects unusable inputs with one message, exit 2, and nothing left behind', async () => {
    const audioOnly = join(tmp.path, 'audio-only.mp3');
    await runFfmpegTool(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'anullsrc', '-t', '1', '-f', 'mp3', audioOnly]);
    const garbage = join(tmp.path, 'garbage.mp4');
    await writeFile(garbage, 'this is not a video');
    const cases: Array<[string, RegExp]> = [
      [audioOnly, /has no video stream/],
      [garbage, /ffprobe exited with code 1: .*Invalid data/],
      [join(tmp.path, 'absent.mp4'), /does not exist/],
    ];
    for (const [path, message] of cases) {
      const result = await cliInProcess(['media', 'package', path, '--out', join(tmp.path, 'rejected')]);
      expect(result.code, path).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect((await readdir(tmp.path)).filter((f) => f.includes('rejected'))).toEqual([]);
  });

  it('rejects bad usage with exit 2', async () => {
    const cases: Array<[string[], string]> = [
      [['--out', join(tmp.path, 'x'), '--cues', '3,soon'], "--cues: 'soon' is not a number of seconds"],
      [['--out', join(tmp.path, 'x'), '--codec', 'av1'], '--codec must be one of h264, vp9'],
      [['--out', join(tmp.path, 'x'), '--segment', '0.1'], 'segment must be between 0.5 and 30 seconds'],
      [['--node', 'intro'], '--story and --node go together'],
      [[], 'give exactly one of --out DIR or --story FILE --node ID'],
    ];
    for (const [args, message] of cases) {
      const result = await cliInProcess(['media', 'package', input, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect((await cliInProcess(['media', 'package', '--out', join(tmp.path, 'x')])).stderr).toContain('give exactly one of INPUT or --upload ID');
    expect((await cliInProcess(['media', 'transcode'])).stderr).toContain("unknown subcommand 'transcode'");
  });

  it('prints one clear install hint and exits 2 when ffmpeg is missing', async () => {
    const out = join(tmp.path, 'missing');
    const result = await cli(['media', 'package', input, '--out', out], { FFMPEG_PATH: '/nonexistent/ffmpeg' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ffmpeg not found .*apt-get install ffmpeg/);
  });
});
