/** DASH flavours we package. h264 = H.264/AAC in fMP4 (plays everywhere, Safari too); vp9 = VP9/Opus in WebM. */
export const DASH_CODECS = ['h264', 'vp9'] as const;
export type DashCodec = (typeof DASH_CODECS)[number];

export interface PackageOptions {
  /** Target segment length in seconds (default 2). Every segment starts on a keyframe. */
  segment: number;
  /** Media times (seconds) that must also get a keyframe: choice, quiz and hotspot edges. */
  cues: readonly number[];
  codec: DashCodec;
  /** Manifest file name inside the output folder (default `manifest.mpd`). */
  manifestName: string;
  /** Video bitrate, e.g. `'1500k'`. */
  videoBitrate: string;
  audioBitrate: string;
}

export const DEFAULT_PACKAGE_OPTIONS: PackageOptions = {
  segment: 2,
  cues: [],
  codec: 'h264',
  manifestName: 'manifest.mpd',
  videoBitrate: '1500k',
  audioBitrate: '128k',
};

/** Thrown for options ffmpeg would reject or misread; checked before spawning anything. */
export class PackageOptionsError extends Error {
  override name = 'PackageOptionsError';
}

/** Checks options that come from users (CLI flags, story files). */
export function checkPackageOptions(options: PackageOptions): void {
  if (!Number.isFinite(options.segment) || options.segment < 0.5 || options.segment > 30) {
    throw new PackageOptionsError(`segment must be between 0.5 and 30 seconds, got ${options.segment}`);
  }
  for (const cue of options.cues) {
    if (!Number.isFinite(cue) || cue < 0) throw new PackageOptionsError(`cue times must be seconds ≥ 0, got ${cue}`);
  }
  if (!DASH_CODECS.includes(options.codec)) throw new PackageOptionsError(`codec must be one of ${DASH_CODECS.join(', ')}`);
  // The name lands in ffmpeg's output path: keep it a plain file name.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.mpd$/.test(options.manifestName)) {
    throw new PackageOptionsError(`manifest name must be a plain file name ending in .mpd, got '${options.manifestName}'`);
  }
  for (const rate of [options.videoBitrate, options.audioBitrate]) {
    if (!/^\d+(\.\d+)?[kM]?$/.test(rate)) throw new PackageOptionsError(`bitrate must look like 800k or 2M, got '${rate}'`);
  }
}
