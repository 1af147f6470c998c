// Preloaded into the branchcast server (NODE_OPTIONS=--import) when BENCH_CPU_PROF_DIR
// is set: Node 20 refuses --cpu-prof in NODE_OPTIONS, so profile through the inspector
// and write a .cpuprofile on exit (same-thread inspector callbacks run synchronously).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `branchcast-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
