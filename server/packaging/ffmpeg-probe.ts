import { isAbsolute, resolve } from 'node:path';
import { FfmpegFailedError } from './ffmpeg-errors.ts';
import { runFfmpegTool } from './ffmpeg-run.ts';
import type { FfmpegTools } from './ffmpeg-tools.ts';

/** What packaging needs to know about an input file. */
export interface MediaProbe {
  /** Seconds; NaN when the container does not say. */
  duration: number;
  video?: { width: number; height: number; /** frames per second, NaN when unknown */ fps: number; codec: string };
  audio?: { codec: string; sampleRate: number; channels: number };
}

interface ProbeJson {
  format?: { duration?: string };
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    avg_frame_rate?: string;
    r_frame_rate?: string;
    sample_rate?: string;
    channels?: number;
  }>;
}

/**
 * Probes a media file (or a DASH manifest) with ffprobe.
 * Paths are made absolute because ffprobe's DASH demuxer fails to resolve
 * segment URLs against a relative manifest path.
 *
 * @throws FfmpegFailedError when ffprobe cannot read the input.
 */
export async function probeMedia(tools: FfmpegTools, path: string): Promise<MediaProbe> {
  const { stdout } = await runFfmpegTool(tools.ffprobe, [
    '-v', 'error', '-show_entries',
    'format=duration:stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate,sample_rate,channels',
    '-of', 'json', probeTarget(path),
  ]);
  let json: ProbeJson;
  try {
    json = JSON.parse(stdout) as ProbeJson;
  } catch (cause) {
    throw new FfmpegFailedError(tools.ffprobe, { code: 0, signal: null }, `unparseable ffprobe output: ${stdout.slice(0, 200)}`, { cause });
  }
  const streams = json.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video');
  const a = streams.find((s) => s.codec_type === 'audio');
  return {
    duration: Number(json.format?.duration ?? NaN),
    ...(v && { video: { width: v.width ?? 0, height: v.height ?? 0, fps: frameRate(v.avg_frame_rate) || frameRate(v.r_frame_rate), codec: v.codec_name ?? '' } }),
    ...(a && { audio: { codec: a.codec_name ?? '', sampleRate: Number(a.sample_rate ?? NaN), channels: a.channels ?? 0 } }),
  };
}

/**
 * Presentation times (seconds) of the video keyframes, in order, measured
 * from the first one (always the first frame) so an encoder's start offset
 * (Opus pre-skip in WebM) does not shift them. Decodes keyframes only, so it
 * stays fast on long inputs.
 */
export async function probeKeyframeTimes(tools: FfmpegTools, path: string): Promise<number[]> {
  const { stdout } = await runFfmpegTool(tools.ffprobe, [
    '-v', 'error', '-select_streams', 'v:0', '-skip_frame', 'nokey', '-show_entries', 'frame=pts_time', '-of', 'json', probeTarget(path),
  ], { maxStdout: 64 * 1024 * 1024 });
  const frames = ((JSON.parse(stdout) as { frames?: Array<{ pts_time?: string }> }).frames ?? [])
    .filter((f) => f.pts_time !== undefined);
  const first = Number(frames[0]?.pts_time ?? 0);
  return frames.map((f) => round3(Number(f.pts_time) - first));
}

/** `"25/1"` → 25; `"0/0"` or missing → NaN. */
function frameRate(rate: string | undefined): number {
  const [num, den] = (rate ?? '').split('/').map(Number);
  return num && den ? num / den : NaN;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function probeTarget(path: string): string {
  // `file:` stops ffprobe reading a name like `http:x` or `concat:a|b` as a protocol.
  return `file:${isAbsolute(path) ? path : resolve(path)}`;
}
