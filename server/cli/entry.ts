/**
 * The program: runs the CLI on this process's arguments. `npm run build`
 * bundles it into dist/branchcast.js (what bin/branchcast.js starts), and
 * `npm run dev` runs it from source through tsx.
 */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
// A command that returned is done. Should a handle outlive it (a client still
// reconnecting to a Redis that a failed start opened), exit anyway once output
// had time to drain, rather than hang until a supervisor's SIGKILL. Unref'd: a
// clean exit is not delayed.
setTimeout(() => process.exit(), 2000).unref();
