import { join } from 'node:path';
import { forceKeyFramesExpr } from './package-keyframes.ts';
import type { PackageInput } from './package-input.ts';
import type { PackageOptions } from './package-options.ts';

/**
 * The ffmpeg argument array that encodes `input` and writes a DASH manifest
 * into `outDir` and its segments into `outDir/<version>/`; for H.264 also an
 * HLS master (`master.m3u8`) and media playlists over the very same fMP4
 * segments. Pure: spawning is the caller's job.
 *
 * Keyframe policy: `-g` and `-keyint_min` equal fps × segment and scene-cut
 * keyframes are off (`-sc_threshold 0`), so every representation cuts at the
 * same instants; `-force_key_frames` adds the segment boundaries and cue times
 * exactly, so a branch switch or seek to a cue decodes from that frame.
 */
export function packageArgs(input: PackageInput, options: PackageOptions, outDir: string, version: string): string[] {
  const gop = String(Math.max(1, Math.round(input.fps * options.segment)));
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    ...inputArgs(input, options),
    ...videoArgs(options, gop),
    ...audioArgs(options),
    '-force_key_frames', forceKeyFramesExpr(options.segment, options.cues),
    ...(input.kind === 'graph' ? ['-t', String(input.duration)] : []),
    '-f', 'dash',
    '-seg_duration', String(options.segment),
    '-use_template', '1',
    '-use_timeline', '1',
    '-dash_segment_type', options.codec === 'vp9' ? 'webm' : 'mp4',
    // Segment names are spelled out because the defaults differ by version
    // (5.1 writes .m4s, 4.1 .mp4), and the cache policy keys on the extension.
    // The version folder in the names makes every run's segment URLs new
    // (segments are cached as immutable); both versions accept a path there.
    ...segmentNameArgs(version, options.codec === 'vp9' ? 'webm' : 'm4s'),
    // The dash muxer's own HLS output (in 4.1 and 5.1): one muxer run, one set
    // of segments named by both manifests. HLS does not carry WebM, so VP9 is DASH only.
    '-hls_playlist', options.codec === 'vp9' ? '0' : '1',
    // Static VOD manifest. Low-latency DASH (`-ldash`) is off by default in 5.1
    // and unknown to 4.1, the npm-shipped build, so it is not passed.
    '-streaming', '0',
    join(outDir, options.manifestName),
  ];
}

function segmentNameArgs(version: string, ext: 'm4s' | 'webm'): string[] {
  return ['-init_seg_name', `${version}/init-stream$RepresentationID$.${ext}`, '-media_seg_name', `${version}/chunk-stream$RepresentationID$-$Number%05d$.${ext}`];
}

function inputArgs(input: PackageInput, options: PackageOptions): string[] {
  if (input.kind === 'graph') {
    // libopus takes exactly 960-sample frames, and ffmpeg 5.1 does not re-frame
    // -filter_complex outputs for it ("more samples than frame size"), so re-frame here.
    const opus = options.codec === 'vp9';
    const graph = opus ? `${input.graph};[${input.audioLabel}]asetnsamples=n=960:p=0[${input.audioLabel}_opus]` : input.graph;
    return ['-filter_complex', graph, '-map', `[${input.videoLabel}]`, '-map', `[${input.audioLabel}${opus ? '_opus' : ''}]`];
  }
  // `file:` keeps a name like `concat:…` or `http:…` from being read as a protocol;
  // `0:a:0?` keeps silent inputs working.
  return [
    '-i', `file:${input.path}`,
    '-map', '0:v:0', '-map', '0:a:0?',
    // 4:2:0 needs even dimensions; odd-sized uploads would otherwise fail to encode.
    '-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2',
  ];
}

function videoArgs(options: PackageOptions, gop: string): string[] {
  const common = ['-pix_fmt', 'yuv420p', '-g', gop, '-keyint_min', gop, '-b:v', options.videoBitrate];
  if (options.codec === 'vp9') {
    // realtime + cpu-used 8: packaging speed over compression, good enough for VOD on 2 cores.
    return ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-row-mt', '1', ...common];
  }
  return ['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-sc_threshold', '0', ...common];
}

function audioArgs(options: PackageOptions): string[] {
  const codec = options.codec === 'vp9' ? 'libopus' : 'aac';
  // Opus only does 48 kHz; AAC gets the same so both flavours match.
  return ['-c:a', codec, '-b:a', options.audioBitrate, '-ac', '2', '-ar', '48000'];
}
