#!/usr/bin/env node
// Starts the compiled CLI and server, dist/branchcast.js, which `npm ci` builds
// (npm's prepare step runs `npm run build`). From source: `npm run dev`.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/branchcast.js', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write('branchcast: dist/branchcast.js is missing; run `npm run build` (npm ci runs it)\n');
  process.exit(2);
}
await import(compiled.href);
