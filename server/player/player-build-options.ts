import type { BuildOptions } from 'esbuild';

/**
 * How the web player (player/app.ts → one ES module with Lit, dash.js and the
 * engine) is bundled: by `npm run build` into dist/player/app.js, and in memory
 * by a server running from source (`npm run dev`), so both serve the same code.
 * Nothing is fetched from a CDN.
 */
export const PLAYER_BUILD_OPTIONS = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'silent',
  define: { 'process.env.NODE_ENV': '"production"' },
} as const satisfies BuildOptions;
