// Preloaded (NODE_OPTIONS=--import) into every system's server process by
// idle-memory.ts, branchcast and peers alike: SIGUSR2 runs a full V8 GC, so RSS
// is read without garbage that happens not to be collected yet (startup
// leftovers, join-time allocations). Without it the figure measures when V8
// last compacted, not what an idle viewer costs.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
process.on('SIGUSR2', () => gc());
