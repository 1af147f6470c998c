import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { newVersionName } from './package-version.ts';
import { swapVersion } from './package-swap.ts';

/** Thrown when the output folder exists and replacing it was not asked for. */
export class OutputExistsError extends Error {
  override name = 'OutputExistsError';
}

/**
 * Lets `write` fill a fresh sibling staging folder, whose segments go into the
 * version subfolder `version` (see package-version.ts), then puts it in place.
 * A crash or a failed ffmpeg run therefore never leaves a half-packaged folder
 * where players look; at worst a hidden `.NAME.partial-*` sibling, which the
 * next run for the same folder removes once its writer is gone.
 *
 * A new `outDir` is the staging folder renamed. An existing one is refused
 * (OutputExistsError) unless `replace` is set; it is then updated in place by
 * swapVersion, so every manifest on disk only ever names segments that exist.
 */
export async function writeDirAtomically<T>(outDir: string, replace: boolean, write: (stagingDir: string, version: string) => Promise<T>): Promise<T> {
  const parent = dirname(outDir);
  const name = basename(outDir);
  await mkdir(parent, { recursive: true });
  await removeLeftovers(parent, name);
  if (!replace && (await exists(outDir))) {
    throw new OutputExistsError(`${outDir} already exists; pass --force to replace it`);
  }
  const staging = join(parent, `.${name}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  const version = newVersionName();
  await mkdir(join(staging, version), { recursive: true });
  let result: T;
  try {
    result = await write(staging, version);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  try {
    await rename(staging, outDir);
  } catch (error) {
    // ENOTEMPTY/EEXIST: the folder is there (it may have appeared meanwhile); swap the version in.
    const code = (error as NodeJS.ErrnoException).code;
    const present = code === 'ENOTEMPTY' || code === 'EEXIST';
    try {
      if (!present) throw error;
      if (!replace) throw new OutputExistsError(`${outDir} already exists; pass --force to replace it`);
      await swapVersion(staging, outDir, version);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  return result;
}

/**
 * Staging folders of earlier runs that died. Names carry the writer's pid, so
 * a folder another live process (a second `branchcast demo`) is still
 * writing is left alone.
 */
async function removeLeftovers(parent: string, name: string): Promise<void> {
  const prefix = `.${name}.partial-`;
  for (const entry of await readdir(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(/^(?:old-)?(\d+)-/.exec(entry.slice(prefix.length))?.[1]);
    if (!isAlive(pid)) await rm(join(parent, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await readdir(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
