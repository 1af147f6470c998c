/** `branchcast doctor` on a PATH with nothing but node, as on a bare machine, and with a broken FFMPEG_PATH. */
import { spawnSync } from 'node:child_process';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const REPO = join(import.meta.dirname, '..');
let bare: TempDir;
beforeAll(async () => {
  bare = await makeTempDir('branchcast-doctor-');
  await symlink(process.execPath, join(bare.path, 'node'));
});
afterAll(() => bare.remove());

function doctor(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, ['bin/branchcast.js', 'doctor', ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000, env: { PATH: bare.path, ...env } });
  return { status: result.status, stdout: result.stdout };
}

interface Report { ready: boolean; checks: Array<{ name: string; found?: string; version?: string; required: boolean; install: string }> }

describe('branchcast doctor', () => {
  it('finds the npm-shipped ffmpeg 4.1 and font when the system has none, and says how to get Chromium and Redis', () => {
    const { status, stdout } = doctor([]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/ok {6}ffmpeg +\S+@ffmpeg-installer\S+ \(the static build from npm\) {2}4\.1\.0/);
    expect(stdout).toMatch(/ok {6}ffprobe +\S+@ffprobe-installer/);
    expect(stdout).toMatch(/ok {6}font +\S+DejaVuSans\.ttf/);
    expect(stdout).toMatch(/absent {2}chromium[\s\S]*?install: apt-get install chromium/);
    expect(stdout).toMatch(/absent {2}redis-server[\s\S]*?install: apt-get install redis-server/);
    expect(stdout).toContain('ready: `npm start` has everything it needs');
  });

  it('exits 1 and names the fix when a required tool is missing, in text and in --json', () => {
    const env = { FFMPEG_PATH: join(bare.path, 'no-such-ffmpeg') };
    const text = doctor([], env);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/MISSING ffmpeg[\s\S]*?install: npm ci installs a static build/);
    expect(text.stdout).toContain('not ready');
    const json = doctor(['--json'], env);
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.ready).toBe(false);
    expect(report.checks.find((c) => c.name === 'ffmpeg')).toMatchObject({ required: true });
    expect(report.checks.find((c) => c.name === 'ffmpeg')?.found).toBeUndefined();
    expect(report.checks.find((c) => c.name === 'node')?.version).toBe(process.version);
  });
});
