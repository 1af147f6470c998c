import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FfmpegProgress } from './ffmpeg-progress.ts';
import { runFfmpegTool } from './ffmpeg-run.ts';
import { probeMedia } from './ffmpeg-probe.ts';
import type { FfmpegTools } from './ffmpeg-tools.ts';
import { packageArgs } from './package-args.ts';
import { PackageInputError, type PackageInput } from './package-input.ts';
import { checkPackageOptions, DEFAULT_PACKAGE_OPTIONS, type PackageOptions } from './package-options.ts';
import { writeDirAtomically } from './package-staging.ts';
import { HLS_MASTER_NAME, moveMediaPlaylists } from './package-version.ts';

export interface PackageRequest {
  tools: FfmpegTools;
  /** A media file path, or a generated input (see PackageInput). */
  input: string | PackageInput;
  /** Folder that will hold the manifest and segments. Written atomically (staging folder + rename). */
  outDir: string;
  options?: Partial<PackageOptions>;
  /** Replace an existing `outDir` (default: refuse with OutputExistsError). */
  replace?: boolean;
  signal?: AbortSignal;
  /** Called as ffmpeg advances with the fraction of the input encoded (0..1, rising; 1 once ffmpeg is done). */
  onProgress?: (fraction: number) => void;
}

export interface PackageResult {
  /** The DASH manifest, at the folder's stable path. */
  manifest: string;
  /** The HLS master playlist beside it (H.264 only: HLS does not carry WebM). */
  hls?: string;
  /** The version folder (inside outDir) that holds this run's segments, e.g. `v-mj3k2a1b-4f0c2e`. */
  version: string;
  /** Paths this run wrote, relative to outDir and sorted, e.g. `manifest.mpd`, `v-…/chunk-stream0-00001.m4s`. */
  files: string[];
  /** Duration of the source in seconds (NaN when ffprobe could not tell). */
  duration: number;
}

/**
 * Encodes one input into DASH and HLS (two manifests, one set of segments in a
 * fresh version folder) with keyframes on every segment boundary and cue.
 * H.264/AAC fMP4 unless `options.codec` is `vp9` (WebM, DASH only).
 *
 * @example
 *   await packageMedia({ tools: ffmpegTools(), input: 'take1.mov', outDir: 'stories/media/heist/intro', options: { cues: [12, 18] } });
 * @throws PackageOptionsError, PackageInputError, OutputExistsError, FfmpegMissingError, FfmpegFailedError
 */
export async function packageMedia(request: PackageRequest): Promise<PackageResult> {
  const options: PackageOptions = { ...DEFAULT_PACKAGE_OPTIONS, ...request.options };
  checkPackageOptions(options);
  const { input, duration } = await resolveInput(request.tools, request.input);
  const outDir = resolve(request.outDir);
  let version = '';
  const files = await writeDirAtomically(outDir, request.replace ?? false, async (staging, stagingVersion) => {
    version = stagingVersion;
    const args = packageArgs(input, options, staging, version);
    const { onProgress } = request;
    if (onProgress === undefined) {
      await runFfmpegTool(request.tools.ffmpeg, args, { signal: request.signal });
    } else {
      // -progress is a global option, so it goes first; its reports arrive on stdout.
      const progress = new FfmpegProgress(duration, onProgress);
      await runFfmpegTool(request.tools.ffmpeg, ['-progress', 'pipe:1', ...args], { signal: request.signal, onStdout: (text) => progress.push(text) });
    }
    if (options.codec === 'h264') await moveMediaPlaylists(staging, version);
    const top = await readdir(staging);
    const inVersion = (await readdir(join(staging, version))).map((f) => `${version}/${f}`);
    return [...top.filter((f) => f !== version), ...inVersion].sort();
  });
  const hls = options.codec === 'h264' ? { hls: join(outDir, HLS_MASTER_NAME) } : {};
  return { manifest: join(outDir, options.manifestName), ...hls, version, files, duration };
}

/** Probes a file input for the frame rate, which sets the GOP length. */
async function resolveInput(tools: FfmpegTools, input: string | PackageInput): Promise<{ input: PackageInput; duration: number }> {
  if (typeof input !== 'string') return { input, duration: input.kind === 'graph' ? input.duration : NaN };
  const path = resolve(input);
  // Checked here so a typo gets a plain message rather than ffprobe's.
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new PackageInputError(`input ${input} ${info ? 'is not a file' : 'does not exist'}`);
  const probe = await probeMedia(tools, path);
  if (!probe.video) throw new PackageInputError(`${input} has no video stream`);
  // Unknown or absurd rates (some VFR phone clips report 90000/1) fall back to 25 for the GOP; forced keyframes still land exactly.
  const fps = probe.video.fps > 0 && probe.video.fps <= 120 ? probe.video.fps : 25;
  return { input: { kind: 'file', path, fps }, duration: probe.duration };
}
