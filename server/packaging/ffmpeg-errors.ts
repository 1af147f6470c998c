/** How to get ffmpeg, shown whenever it cannot be started. */
export const FFMPEG_INSTALL_HINT =
  '`npm ci` installs a static build (@ffmpeg-installer/ffmpeg, @ffprobe-installer/ffprobe) where one exists for this platform; ' +
  'otherwise install it with `apt-get install ffmpeg` (Debian/Ubuntu) or `brew install ffmpeg` (macOS), ' +
  'or point FFMPEG_PATH at an ffmpeg binary.';

/** ffmpeg or ffprobe could not be started at all (not installed, wrong FFMPEG_PATH). */
export class FfmpegMissingError extends Error {
  override name = 'FfmpegMissingError';
  constructor(readonly binary: string, options?: { cause?: unknown }) {
    super(`${binaryName(binary)} not found (tried '${binary}'). ${FFMPEG_INSTALL_HINT}`, options);
  }
}

/** ffmpeg or ffprobe ran and failed. `stderr` holds the tail of its output, which names the reason. */
export class FfmpegFailedError extends Error {
  override name = 'FfmpegFailedError';
  constructor(
    readonly binary: string,
    readonly exit: { code: number | null; signal: NodeJS.Signals | null },
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    const last = lastLine(stderr);
    super(`${binaryName(binary)} ${how}${last ? `: ${last}` : ''}`, options);
  }
}

/** 'ffprobe' or 'ffmpeg': which tool a (possibly oddly named) binary path stands for. */
function binaryName(binary: string): string {
  return binary.slice(binary.lastIndexOf('/') + 1).includes('ffprobe') ? 'ffprobe' : 'ffmpeg';
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim();
}
