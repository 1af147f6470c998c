/**
 * One packaging, two manifests: the DASH manifest and the HLS master name the
 * same fMP4 segments, in a version folder, with ffmpeg 5.1 (system) and the
 * npm ffmpeg 4.1 alike. The HLS playlist's segment boundaries fall on the
 * segment grid, keyframes sit on them and on the cues, and the durations sum
 * to the clip's length.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoNodeInput } from '../server/packaging/demo-node-input.ts';
import { probeKeyframeTimes } from '../server/packaging/ffmpeg-probe.ts';
import { ffmpegTools, type FfmpegTools } from '../server/packaging/ffmpeg-tools.ts';
import { packageMedia } from '../server/packaging/package-media.ts';
import { parseMaster, parseMediaPlaylist } from './support/hls-playlist.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const system = ffmpegTools();
const npmFfmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
const FLAVOURS: Array<[string, FfmpegTools]> = [
  ['system ffmpeg', system],
  ['npm ffmpeg 4.1', { ffmpeg: npmFfmpeg, ffprobe: system.ffprobe }],
];
/** One frame at 25 fps. */
const FRAME = 0.04;

let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir('branchcast-hls-');
});
afterAll(async () => {
  await tmp?.remove();
});

describe.each(FLAVOURS)('packaging writes DASH and HLS over one set of segments (%s)', (label, tools) => {
  it('puts segments in a version folder that both manifests name, HLS boundaries on the grid and keyframes on cues', async () => {
    const out = join(tmp.path, label.replace(/\W+/g, '-'));
    // 7 s with 2-s segments: 2, 2, 2, 1; cue 3 s is off the grid.
    const result = await packageMedia({ tools, input: demoNodeInput('hls', 0, 7), outDir: out, options: { segment: 2, cues: [3] } });
    expect(result.hls).toBe(join(out, 'master.m3u8'));
    expect((await readdir(out)).sort()).toEqual(['manifest.mpd', 'master.m3u8', result.version]);

    const master = parseMaster(await readFile(join(out, 'master.m3u8'), 'utf8'));
    // Media playlists live in the version folder, so the master is the one file that switches.
    expect(master.variants.length).toBeGreaterThanOrEqual(1);
    for (const uri of [...master.variants, ...master.media]) expect(uri).toMatch(new RegExp(`^${result.version}/media_\\d+\\.m3u8$`));
    expect(master.codecs).toMatch(/avc1\..*mp4a\.40\.2/);

    const video = parseMediaPlaylist(await readFile(join(out, master.variants[0]!), 'utf8'));
    expect(video.map).toBe('init-stream0.m4s');
    expect(video.segments.map((s) => s.uri)).toEqual(['00001', '00002', '00003', '00004'].map((n) => `chunk-stream0-${n}.m4s`));
    const boundaries = video.segments.map((_, i) => video.segments.slice(0, i).reduce((sum, s) => sum + s.duration, 0));
    expect(boundaries).toEqual([0, 2, 4, 6]);
    expect(video.segments.reduce((sum, s) => sum + s.duration, 0)).toBeCloseTo(7, 1);
    // The same files the DASH manifest names.
    const mpd = await readFile(join(out, 'manifest.mpd'), 'utf8');
    expect(mpd).toContain(`initialization="${result.version}/init-stream$RepresentationID$.m4s"`);
    for (const s of video.segments) expect(result.files).toContain(`${result.version}/${s.uri}`);

    // Keyframes, read through the HLS master: every boundary and the cue.
    const keyframes = await probeKeyframeTimes(tools, join(out, 'master.m3u8'));
    for (const t of [...boundaries, 3]) expect(keyframes.some((k) => Math.abs(k - t) < FRAME / 2), `keyframe at ${t} in ${keyframes.join(',')}`).toBe(true);
  });
});
