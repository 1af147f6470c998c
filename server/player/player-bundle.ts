/**
 * Builds the web player (player/app.ts → one ES module with Lit, dash.js and
 * the protocol codec) in memory with esbuild at server start, so `npm start`
 * needs no build step and nothing is fetched from a CDN.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export interface PlayerBundle {
  js: Uint8Array;
  etag: string;
  /** How long the build took (ms), for the startup log. */
  buildMs: number;
}

const ENTRY = fileURLToPath(new URL('../../player/app.ts', import.meta.url));

/** Bundles the player; rejects with the esbuild diagnostics when it does not compile. */
export async function buildPlayerBundle(): Promise<PlayerBundle> {
  const started = performance.now();
  // Imported lazily: esbuild is only needed by servers that serve the player.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const js = result.outputFiles[0]?.contents;
  if (!js) throw new Error('esbuild produced no output for the player');
  const etag = `"${createHash('sha256').update(js).digest('base64url').slice(0, 22)}"`;
  return { js, etag, buildMs: Math.round(performance.now() - started) };
}
