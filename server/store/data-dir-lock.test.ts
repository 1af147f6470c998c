import { spawn, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { startServerProcess } from '../../test/support/server-process.ts';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from './data-dir-lock.ts';

describe('data directory lock', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await makeTempDir('branchcast-lock-');
  });
  afterEach(() => dir.remove());

  const writeLock = (owner: unknown): Promise<void> => writeFile(join(dir.path, LOCK_FILE), typeof owner === 'string' ? owner : JSON.stringify(owner));

  it('refuses a directory a live process holds, and names it', async () => {
    const holder = spawn('sleep', ['30']);
    try {
      await writeLock({ pid: holder.pid, host: hostname() });
      await expect(lockDataDir(dir.path)).rejects.toThrow(DataDirLockedError);
      await expect(lockDataDir(dir.path)).rejects.toThrow(`pid ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a lock whose process died, or that a crash left torn', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    await writeLock({ pid: gone, host: hostname() });
    const lock = await lockDataDir(dir.path);
    expect(JSON.parse(await readFile(join(dir.path, LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid, host: hostname() });
    await lock.release();
    await writeLock('{"pid": 12');
    await (await lockDataDir(dir.path)).release();
  });

  it('never breaks a lock held from another host', async () => {
    await writeLock({ pid: 1, host: 'some-other-host' });
    await expect(lockDataDir(dir.path)).rejects.toThrow(/on host some-other-host/);
  });

  it('a second server on the same directory exits with a clear error; the first keeps running', async () => {
    const first = await startServerProcess({ args: ['--data', dir.path] });
    try {
      const second = await startServerProcess({ args: ['--data', dir.path] }).then(
        (server) => server,
        (error: unknown) => error,
      );
      expect(second).toBeInstanceOf(Error);
      expect(String(second)).toMatch(/is in use by another branchcast process \(pid \d+\)/);
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    } finally {
      await first.stop();
    }
    // A graceful stop releases it.
    await (await lockDataDir(dir.path)).release();
  }, 60_000);
});
