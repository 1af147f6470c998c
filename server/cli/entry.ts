/**
 * The program: runs the CLI on this process's arguments. `npm run build`
 * bundles it into dist/branchcast.js (what bin/branchcast.js starts), and
 * `npm run dev` runs it from source through tsx.
 */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
