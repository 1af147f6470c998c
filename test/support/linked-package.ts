/**
 * A temp directory that has this checkout installed as `branchcast`
 * (node_modules/branchcast → the repo), the way `npm install` of a path or a
 * link leaves it: what runs there imports `branchcast/client` through
 * package.json's `exports`, from dist/, as a user's code would.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, type TempDir } from './temp-dir.ts';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export async function makeLinkedPackageDir(prefix: string): Promise<TempDir> {
  const dir = await makeTempDir(prefix);
  await mkdir(join(dir.path, 'node_modules'));
  await symlink(REPO, join(dir.path, 'node_modules', 'branchcast'), 'dir');
  await writeFile(join(dir.path, 'package.json'), JSON.stringify({ name: 'branchcast-consumer', private: true, type: 'module' }));
  return dir;
}
