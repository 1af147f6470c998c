/** What `npm test` does about missing Debian packages (test/support/system-packages.ts), without touching apt. */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aptCommand, installPackages, missingPackages, TEST_PACKAGES } from './support/system-packages.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

let bin: TempDir;
beforeAll(async () => {
  bin = await makeTempDir('branchcast-fake-path-');
  await mkdir(join(bin.path, 'bin'));
  await writeFile(join(bin.path, 'bin', 'chromium'), '#!/bin/sh\n');
  await chmod(join(bin.path, 'bin', 'chromium'), 0o755);
});
afterAll(async () => bin?.remove());

describe('test system packages', () => {
  it('finds what is on PATH and reports the rest', () => {
    const names = (path: string) => missingPackages(path, TEST_PACKAGES.filter((p) => p.name !== 'nginx-light')).map((p) => p.name);
    expect(names(join(bin.path, 'bin'))).toEqual(expect.arrayContaining(['redis-server', 'ffmpeg']));
    expect(names(join(bin.path, 'bin'))).not.toContain('chromium');
  });

  it('without root, stops at once with the one-line command, sudo on both of its steps', () => {
    const said: string[] = [];
    const missing = TEST_PACKAGES.filter((p) => p.name === 'chromium' || p.name === 'ffmpeg');
    expect(() => installPackages(missing, (l) => said.push(l), false)).toThrow(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium ffmpeg',
    );
    expect(said).toEqual([]);
    expect(aptCommand(missing)).toBe('apt-get update && apt-get install -y --no-install-recommends chromium ffmpeg');
  });

  it('does nothing when nothing is missing', () => {
    expect(() => installPackages([], () => undefined, false)).not.toThrow();
  });
});
