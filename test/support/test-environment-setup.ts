/**
 * vitest globalSetup, so `npm test` needs nothing but the README on a bare
 * machine:
 * 1. builds dist/ (a second, which keeps tests that start bin/branchcast.js on
 *    the code as it is now);
 * 2. installs the missing Debian packages as root with apt-get, or stops at
 *    once with the one-line command (test/support/system-packages.ts);
 * 3. starts one redis-server shared by the run (test/support/redis-server.ts
 *    hands each test its own key prefix) and stops it by PID at the end.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startRedisServer } from './redis-server.ts';
import { installPackages, missingPackages } from './system-packages.ts';

const REPO = join(import.meta.dirname, '..', '..');
const say = (line: string): void => void process.stdout.write(`test setup: ${line}\n`);

export default async function setup(): Promise<() => Promise<void>> {
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);

  installPackages(missingPackages(), say);

  if (process.env.BRANCHCAST_TEST_REDIS_URL) return async () => undefined; // someone else's shared Redis
  const redis = await startRedisServer();
  process.env.BRANCHCAST_TEST_REDIS_URL = redis.url;
  say(`shared Redis ${redis.url} (pid ${redis.pid})`);
  return async () => {
    await redis.stop();
    delete process.env.BRANCHCAST_TEST_REDIS_URL;
  };
}
