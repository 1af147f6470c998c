/**
 * The web player's bundle, as the server serves it. A compiled server reads
 * dist/player/app.js, which `npm run build` wrote once; a server running from
 * source bundles player/app.ts in memory at start, so `npm run dev` serves
 * the player as it is now. Either way nothing is fetched from a CDN.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot, RUNS_COMPILED } from '../build-mode.ts';
import { PLAYER_BUILD_OPTIONS } from './player-build-options.ts';

export interface PlayerBundle {
  js: Uint8Array;
  etag: string;
  /** Where it came from: the build's file, or bundled at start. */
  source: 'dist' | 'built';
  /** How long reading or bundling took (ms), for the startup log. */
  loadMs: number;
}

/**
 * The browser bundles: `app` (player/app.ts: the viewer pages and host console)
 * and `studio` (player/studio-app.ts: the authoring studio, kept apart so
 * viewers never download it).
 */
export type BundleName = 'app' | 'studio';
const ENTRIES: Record<BundleName, string> = { app: 'app.ts', studio: 'studio-app.ts' };

/** Loads a bundle; rejects when dist/ lacks it or, from source, with the esbuild diagnostics. */
export async function loadPlayerBundle(compiled: boolean = RUNS_COMPILED, name: BundleName = 'app'): Promise<PlayerBundle> {
  const started = performance.now();
  const root = packageRoot();
  const js = compiled ? await readBuiltBundle(join(root, 'dist', 'player', `${name}.js`)) : await bundleFromSource(join(root, 'player', ENTRIES[name]));
  const etag = `"${createHash('sha256').update(js).digest('base64url').slice(0, 22)}"`;
  return { js, etag, source: compiled ? 'dist' : 'built', loadMs: Math.round(performance.now() - started) };
}

async function readBuiltBundle(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new Error(`${path} is missing; run \`npm run build\``, { cause });
  }
}

async function bundleFromSource(entry: string): Promise<Uint8Array> {
  // Imported lazily: esbuild is a development tool, absent from production installs.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({ ...PLAYER_BUILD_OPTIONS, entryPoints: [entry], write: false });
  const js = result.outputFiles[0]?.contents;
  if (!js) throw new Error('esbuild produced no output for the player');
  return js;
}
