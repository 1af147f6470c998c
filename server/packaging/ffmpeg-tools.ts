import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

/** Where an ffmpeg binary came from, for `branchcast doctor` and the startup log. */
export type FfmpegSource = 'env' | 'system' | 'npm' | 'missing';

/** Where the ffmpeg and ffprobe binaries are. Passed in, so tests can point at a missing one. */
export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
  /** How each was found; 'missing' means a plain name that spawn will fail to start. */
  source?: { ffmpeg: FfmpegSource; ffprobe: FfmpegSource };
}

/** The npm packages that ship static linux/macOS/windows builds (ffmpeg 4.1, ffprobe 5.2). */
const NPM_PACKAGES = { ffmpeg: '@ffmpeg-installer/ffmpeg', ffprobe: '@ffprobe-installer/ffprobe' } as const;
const require = createRequire(import.meta.url);

/**
 * Resolves the binaries, each on its own, in this order:
 * 1. `FFMPEG_PATH` / `FFPROBE_PATH` (when only FFMPEG_PATH is set, ffprobe is
 *    taken from the same folder, because both ship in one package);
 * 2. the system's, found on `PATH` (Debian's ffmpeg 5.1 is faster and newer);
 * 3. the static build from the npm packages, so a machine with only Node and
 *    npm still packages media with nothing downloaded outside the registry.
 * The packaging arguments work with both ffmpeg 4.1 and 5.1: one code path.
 *
 * @example ffmpegTools({ FFMPEG_PATH: '/opt/ffmpeg/bin/ffmpeg' }) // ffprobe: /opt/ffmpeg/bin/ffprobe
 */
export function ffmpegTools(env: NodeJS.ProcessEnv = process.env): FfmpegTools {
  const ffmpeg = env.FFMPEG_PATH ? { path: env.FFMPEG_PATH, source: 'env' as const } : resolveTool('ffmpeg', env);
  const ffprobe = env.FFPROBE_PATH
    ? { path: env.FFPROBE_PATH, source: 'env' as const }
    : env.FFMPEG_PATH
      ? { path: join(dirname(env.FFMPEG_PATH), 'ffprobe'), source: 'env' as const }
      : resolveTool('ffprobe', env);
  return { ffmpeg: ffmpeg.path, ffprobe: ffprobe.path, source: { ffmpeg: ffmpeg.source, ffprobe: ffprobe.source } };
}

function resolveTool(name: 'ffmpeg' | 'ffprobe', env: NodeJS.ProcessEnv): { path: string; source: FfmpegSource } {
  const onPath = findOnPath(name, env.PATH ?? '');
  if (onPath) return { path: onPath, source: 'system' };
  const shipped = npmBinary(NPM_PACKAGES[name]);
  if (shipped) return { path: shipped, source: 'npm' };
  return { path: name, source: 'missing' };
}

/** The first executable `name` in a PATH string, like `command -v`. */
export function findOnPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here, or not executable: keep looking
    }
  }
  return undefined;
}

/** The binary path an installer package exports, or undefined when it is absent or has no build for this platform. */
function npmBinary(pkg: string): string | undefined {
  try {
    const { path } = require(pkg) as { path?: unknown };
    if (typeof path !== 'string') return undefined;
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    // not installed, unsupported platform (the package throws), or not executable
    return undefined;
  }
}
