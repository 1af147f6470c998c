import { runFfmpegTool } from './ffmpeg-run.ts';
import type { FfmpegTools } from './ffmpeg-tools.ts';

/**
 * Proves ffmpeg and ffprobe start, before any work begins, so a missing
 * install produces one clear error instead of one per parallel job.
 *
 * @throws FfmpegMissingError naming the binary and how to install it.
 */
export async function assertFfmpegAvailable(tools: FfmpegTools): Promise<void> {
  await runFfmpegTool(tools.ffmpeg, ['-hide_banner', '-version']);
  await runFfmpegTool(tools.ffprobe, ['-hide_banner', '-version']);
}
