/**
 * One server process per data directory. The room logs, the upload locks and
 * the coupon ledger all assume a single writer; a second `branchcast serve`
 * on the same directory would interleave appends and corrupt them. The lock
 * is a `LOCK` file holding the owner's pid and host, created exclusively.
 *
 * A lock left by a process that died (kill -9, power loss) is stale: its pid
 * is gone on this host, or is our own pid (a container restarted as pid 1),
 * and is taken over. A lock from another host (a shared network volume) is
 * never broken: only its operator can tell whether that process is alive.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';

export const LOCK_FILE = 'LOCK';

/** The directory is in use by a live process. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

export interface DataDirLock {
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  host: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? { pid: parsed.pid, host: parsed.host } : undefined;
  } catch {
    return undefined; // missing, or torn by a crash mid-write: nobody can hold it
  }
}

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o644);
      try {
        await handle.writeFile(JSON.stringify(me));
        await handle.sync();
      } finally {
        await handle.close();
      }
      return {
        async release() {
          const owner = await readOwner(path);
          if (owner?.pid === me.pid && owner.host === me.host) await unlink(path).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(path);
    if (owner && owner.host !== me.host) {
      throw new DataDirLockedError(`${dataDir} is locked by process ${owner.pid} on host ${owner.host}; if that process is gone, delete ${path}`);
    }
    if (owner && owner.pid !== me.pid && alive(owner.pid)) {
      throw new DataDirLockedError(`${dataDir} is in use by another branchcast process (pid ${owner.pid}); use another --data directory`);
    }
    // Stale: its process is gone. Remove it and try again (another starter may win the race).
    await unlink(path).catch(() => undefined);
  }
  throw new DataDirLockedError(`could not lock ${dataDir}: other processes keep taking it`);
}
