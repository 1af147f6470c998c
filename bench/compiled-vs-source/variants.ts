/**
 * The two ways of running the same server that bench/compiled-vs-source.ts
 * compares: compiled by esbuild into dist/branchcast.js (what bin/branchcast.js
 * runs since issue 14), and from TypeScript source through tsx (what it ran
 * before; `npm run dev` still does).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSystem, type BenchSystem } from '../load/systems.ts';

export type VariantName = 'compiled' | 'source';
export const VARIANTS: VariantName[] = ['compiled', 'source'];

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Node arguments before `serve`. `--import tsx` resolves from the server's cwd, the repository. */
const ENTRIES: Record<VariantName, string[]> = {
  compiled: [join(REPO, 'dist', 'branchcast.js')],
  source: ['--import', 'tsx', join(REPO, 'server', 'cli', 'entry.ts')],
};

export interface StartedVariant {
  system: BenchSystem;
  /** Spawn until the server listens and has accepted the bench story (the same small API call for both). */
  startupMs: number;
  /** Spawn until it has served the player bundle too: read from dist/, or bundled by esbuild after listening from source. */
  readyMs: number;
}

export async function startVariant(name: VariantName, serveArgs: string[]): Promise<StartedVariant> {
  const started = performance.now();
  const system = await startSystem('branchcast', { entry: ENTRIES[name], serveArgs });
  const startupMs = performance.now() - started;
  // Waiting for the bundle also keeps the source server's esbuild child (its CPU counts as the server's) out of the measured windows.
  const bundle = await fetch(`${system.url}/player/app.js`);
  await bundle.arrayBuffer();
  if (!bundle.ok) throw new Error(`${name}: /player/app.js answered ${bundle.status}`);
  return { system, startupMs, readyMs: performance.now() - started };
}

/**
 * Source files newer than dist/branchcast.js, up to `limit`: when there are
 * any, the two variants run different code and the comparison is off.
 */
export function staleSources(limit = 5): string[] {
  let built: number;
  try {
    built = statSync(join(REPO, 'dist', 'branchcast.js')).mtimeMs;
  } catch {
    return ['dist/branchcast.js is missing: run `npm run build`'];
  }
  const newer: string[] = [];
  const visit = (dir: string, depth: number): void => {
    if (depth > 8 || newer.length >= limit) return; // bounded: the source trees are a few levels deep
    for (const entry of readdirSync(join(REPO, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path, depth + 1);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && statSync(join(REPO, path)).mtimeMs > built) newer.push(path);
      if (newer.length >= limit) return;
    }
  };
  for (const dir of ['server', 'engine', 'player']) visit(dir, 0);
  return newer;
}
