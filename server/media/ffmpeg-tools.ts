import { dirname, join } from 'node:path';

/** Where the ffmpeg and ffprobe binaries are. Passed in, so tests can point at a missing one. */
export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
}

/**
 * Resolves the binaries from the environment: `FFMPEG_PATH` / `FFPROBE_PATH`,
 * else plain names looked up on PATH by spawn. When only FFMPEG_PATH is set,
 * ffprobe is taken from the same folder, because both ship in one package.
 *
 * @example ffmpegTools({ FFMPEG_PATH: '/opt/ffmpeg/bin/ffmpeg' }) // ffprobe: /opt/ffmpeg/bin/ffprobe
 */
export function ffmpegTools(env: NodeJS.ProcessEnv = process.env): FfmpegTools {
  const ffmpeg = env.FFMPEG_PATH || 'ffmpeg';
  const ffprobe = env.FFPROBE_PATH || (env.FFMPEG_PATH ? join(dirname(env.FFMPEG_PATH), 'ffprobe') : 'ffprobe');
  return { ffmpeg, ffprobe };
}
