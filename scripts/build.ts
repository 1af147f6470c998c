/**
 * `npm run build`, also npm's `prepare` step so `npm ci` runs it: compiles the
 * server and the web player once, with esbuild, into dist/.
 * - dist/branchcast.js: the CLI and server as one ES module for Node 20. npm
 *   packages stay external (uWebSockets.js and the rest load from node_modules).
 * - dist/player/app.js and studio.js: the viewer/host bundle and the authoring
 *   studio's, which the server serves as files instead of bundling them at every start.
 * - dist/openapi.json: docs/openapi.yaml as JSON, served at /api/openapi.json.
 * - dist/client/: the client SDK, `branchcast/client`, and its types (build-client.ts).
 */
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PLAYER_BUILD_OPTIONS } from '../server/player/player-build-options.ts';
import { buildClient } from './build-client.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
// No `rm -rf dist` first: a test run rebuilds while other processes (servers
// started by another run) may be loading dist/, and esbuild overwrites in place.
await Promise.all([
  build({
    entryPoints: [`${root}server/cli/entry.ts`],
    outfile: `${root}dist/branchcast.js`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    // Replaced by a literal here, so the bundle knows it runs compiled (server/build-mode.ts).
    define: { 'process.env.BRANCHCAST_BUILD': '"compiled"' },
  }),
  build({ ...PLAYER_BUILD_OPTIONS, logLevel: 'warning', entryPoints: [`${root}player/app.ts`], outfile: `${root}dist/player/app.js` }),
  build({ ...PLAYER_BUILD_OPTIONS, logLevel: 'warning', entryPoints: [`${root}player/studio-app.ts`], outfile: `${root}dist/player/studio.js` }),
  buildClient(root),
]);
// The API's OpenAPI document, converted once here so the compiled server serves it without a YAML parser (server/api/openapi-route.ts).
writeFileSync(`${root}dist/openapi.json`, JSON.stringify(parse(readFileSync(`${root}docs/openapi.yaml`, 'utf8'))));
process.stdout.write(`branchcast: built dist/ in ${Math.round(performance.now() - started)} ms\n`);
