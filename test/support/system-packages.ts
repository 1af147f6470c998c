/**
 * The Debian packages the test suite runs for real (no mocks of what we can
 * run): Chromium for the player E2E, redis-server for the cluster, nginx as a
 * benchmark peer, ffmpeg for media. Which are missing, and the one command
 * that installs them.
 */
import { spawnSync } from 'node:child_process';
import { findOnPath } from '../../server/packaging/ffmpeg-tools.ts';

export interface SystemPackage {
  /** The Debian package. */
  name: string;
  /** The command it provides, looked up on PATH. */
  command: string;
  /** What the tests use it for, printed when it is installed. */
  usedFor: string;
}

export const TEST_PACKAGES: readonly SystemPackage[] = [
  { name: 'chromium', command: 'chromium', usedFor: 'the player and console end-to-end tests' },
  { name: 'redis-server', command: 'redis-server', usedFor: 'the cluster and Redis store tests' },
  { name: 'nginx-light', command: 'nginx', usedFor: 'the media-serving peer in benchmarks and their tests' },
  { name: 'ffmpeg', command: 'ffmpeg', usedFor: 'media packaging with the system build (the npm build is tested too)' },
];

/** Packages whose command is not on PATH (nginx lives in /usr/sbin, which a non-root PATH may lack). */
export function missingPackages(path: string = process.env.PATH ?? '', packages: readonly SystemPackage[] = TEST_PACKAGES): SystemPackage[] {
  return packages.filter((p) => !findOnPath(p.command, `${path}:/usr/sbin:/sbin`));
}

/** The exact command that installs them on Debian or Ubuntu; `sudo` goes before each of its two steps. */
export function aptCommand(packages: readonly SystemPackage[], sudo = ''): string {
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packages.map((p) => p.name).join(' ')}`;
}

/** Whether this process may run apt-get itself: root, with apt-get on PATH. */
export function mayInstall(): boolean {
  return process.getuid?.() === 0 && findOnPath('apt-get', process.env.PATH ?? '') !== undefined;
}

/**
 * Installs `packages` with apt-get when this process may (root, apt-get on PATH);
 * otherwise throws with the one-line command to run. Says what it does first.
 */
export function installPackages(packages: readonly SystemPackage[], say: (line: string) => void, canInstall: boolean = mayInstall()): void {
  if (packages.length === 0) return;
  if (!canInstall) {
    const list = packages.map((p) => `${p.name} (${p.usedFor})`).join(', ');
    throw new Error(`the tests need Debian packages that are missing: ${list}.\nInstall them with:\n  ${aptCommand(packages, 'sudo ')}`);
  }
  for (const p of packages) say(`installing ${p.name} for ${p.usedFor}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...packages.map((p) => p.name)]]) {
    say(`$ apt-get ${args.join(' ')}`);
    const result = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 15 * 60_000 });
    if (result.status !== 0) throw new Error(`apt-get ${args[0]} failed (${result.error?.message ?? `exit ${result.status}`}); run it by hand:\n  ${aptCommand(packages)}`);
  }
}
