/**
 * What `branchcast doctor` looks for: each external program, where it was
 * found, its version, what branchcast uses it for, and how to get it.
 * Only spawns `--version`-style commands, each bounded in time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { packageRoot } from '../build-mode.ts';
import { DEMO_FONT } from '../packaging/demo-node-input.ts';
import { ffmpegTools, findOnPath } from '../packaging/ffmpeg-tools.ts';

export interface DoctorCheck {
  name: string;
  /** Where it was found, or undefined when missing. */
  found?: string;
  version?: string;
  usedFor: string;
  /** Needed by `npm start` / `branchcast serve` (missing → doctor exits 1); the rest are optional. */
  required: boolean;
  /** How to install it when missing. */
  install: string;
}

const SYSTEM_DIRS = '/usr/sbin:/sbin';

/** Every check, against `env` (PATH, FFMPEG_PATH). */
export function doctorChecks(env: NodeJS.ProcessEnv = process.env): DoctorCheck[] {
  const tools = ffmpegTools(env);
  const path = `${env.PATH ?? ''}:${SYSTEM_DIRS}`;
  const root = packageRoot();
  const program = (command: string): string | undefined => (command.includes('/') ? (existsSync(command) ? command : undefined) : findOnPath(command, path));
  const chromium = ['chromium', 'chromium-browser', 'google-chrome'].map(program).find(Boolean);
  const redis = program('redis-server');
  const nginx = program('nginx');
  const ffmpegFound = tools.source?.ffmpeg === 'missing' ? undefined : program(tools.ffmpeg);
  const ffprobeFound = tools.source?.ffprobe === 'missing' ? undefined : program(tools.ffprobe);
  const via = (source: string | undefined): string => (source === 'npm' ? ' (the static build from npm)' : source === 'system' ? ' (system)' : source === 'env' ? ' (from FFMPEG_PATH/FFPROBE_PATH)' : '');
  return [
    { name: 'node', found: process.execPath, version: process.version, usedFor: 'runs everything (>=20.19 <21: the uWebSockets.js binary is built for Node 20)', required: true, install: 'install Node 20 from nodejs.org or your package manager' },
    { name: 'compiled server', ...(existsSync(join(root, 'dist', 'branchcast.js')) && { found: join(root, 'dist') }), usedFor: 'what `npm start` and `branchcast serve` run, with the player bundle', required: true, install: 'npm run build (npm ci runs it)' },
    { name: 'ffmpeg', ...(ffmpegFound && { found: `${ffmpegFound}${via(tools.source?.ffmpeg)}`, version: versionOf(ffmpegFound, ['-hide_banner', '-version'], /version (\S+)/) }), usedFor: 'packaging media into DASH and generating the demo clips', required: true, install: 'npm ci installs a static build; or apt-get install ffmpeg; or set FFMPEG_PATH' },
    { name: 'ffprobe', ...(ffprobeFound && { found: `${ffprobeFound}${via(tools.source?.ffprobe)}`, version: versionOf(ffprobeFound, ['-hide_banner', '-version'], /version (\S+)/) }), usedFor: 'reading durations and keyframes of media while packaging', required: true, install: 'npm ci installs a static build; or apt-get install ffmpeg; or set FFPROBE_PATH' },
    { name: 'font', ...(existsSync(DEMO_FONT) && { found: DEMO_FONT }), usedFor: 'the node labels burned into the demo clips', required: true, install: 'npm ci (the dejavu-fonts-ttf package)' },
    { name: 'chromium', ...(chromium && { found: chromium, version: versionOf(chromium, ['--version'], /(\d+\.\d+\.\d+\.\d+)/) }), usedFor: 'the browser end-to-end tests (viewers use their own browser)', required: false, install: 'apt-get install chromium' },
    { name: 'redis-server', ...(redis && { found: redis, version: versionOf(redis, ['--version'], /v=(\S+)/) }), usedFor: 'cluster mode (--redis) and its tests; one machine needs none', required: false, install: 'apt-get install redis-server' },
    { name: 'nginx', ...(nginx && { found: nginx, version: versionOf(nginx, ['-v'], /nginx\/(\S+)/) }), usedFor: 'the media-serving peer in benchmarks', required: false, install: 'apt-get install nginx-light' },
  ];
}

/**
 * The version a program reports, or 'unknown' when it does not answer in time
 * or in the expected shape. The npm builds report a git describe
 * (N-47683-g0e8eb07980-static), so their package's version comes first.
 */
function versionOf(binary: string, args: string[], pattern: RegExp): string {
  const result = spawnSync(binary, args, { encoding: 'utf8', timeout: 10_000 });
  const reported = pattern.exec(`${result.stdout ?? ''}\n${result.stderr ?? ''}`)?.[1] ?? 'unknown';
  const shipped = npmPackageVersion(binary);
  return shipped ? `${shipped} (${reported})` : reported;
}

function npmPackageVersion(binary: string): string | undefined {
  if (!binary.includes(`${sep}node_modules${sep}`)) return undefined;
  try {
    const pkg: unknown = JSON.parse(readFileSync(join(dirname(binary), 'package.json'), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}
