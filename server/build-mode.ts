import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * True in dist/branchcast.js: scripts/build.ts replaces the expression below
 * with the literal "compiled". From source (`npm run dev`, tests in-process)
 * it reads an environment variable nobody sets, so it is false.
 */
export const RUNS_COMPILED = process.env.BRANCHCAST_BUILD === 'compiled';

/**
 * The repository (package) root: the nearest folder above this module with a
 * package.json. The same answer from server/ and from dist/, which sit at
 * different depths once bundled.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (let i = 0; i < 64; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`no package.json above ${from}`);
}
