import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the OS temp dir; `remove()` deletes it recursively. */
export interface TempDir {
  path: string;
  remove(): Promise<void>;
}

/** Creates `<tmp>/<prefix>XXXXXX`. Call `remove()` in afterAll. */
export async function makeTempDir(prefix = 'branchcast-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
