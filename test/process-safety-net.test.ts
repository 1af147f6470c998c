/**
 * The process-level net (issue 13), in a child process because vitest keeps
 * its own unhandled-rejection handlers in this one: a stray rejection is
 * counted and the process carries on; an uncaught exception is counted and
 * asks for a shutdown instead of killing the process mid-write.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..');

const SCRIPT = `
const { installProcessSafetyNet } = await import(${JSON.stringify(join(REPO, 'server', 'cli', 'process-safety-net.ts'))});
const reports = [];
const contained = { report: (boundary, error, where) => reports.push({ boundary, error: String(error), route: where?.route }), count: () => reports.length };
const net = installProcessSafetyNet(contained, () => {});
Promise.reject(new Error('forgotten catch'));
await new Promise((r) => setTimeout(r, 50));
const alive = 'alive after rejection';
setTimeout(() => { throw new Error('sync bug in a timer'); }, 0);
const fatal = await Promise.race([net.fatal.then((e) => String(e)), new Promise((r) => setTimeout(() => r('no fatal'), 2000))]);
net.uninstall();
console.log(JSON.stringify({ reports, alive, fatal }));
`;

describe('process safety net', () => {
  it('counts a stray rejection and keeps going; counts an uncaught exception and signals a shutdown', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: REPO, timeout: 30_000 });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { reports: Array<{ boundary: string; error: string; route: string }>; alive: string; fatal: string };
    expect(result.alive).toBe('alive after rejection');
    expect(result.reports).toEqual([
      { boundary: 'process', error: 'Error: forgotten catch', route: 'unhandledRejection' },
      { boundary: 'process', error: 'Error: sync bug in a timer', route: 'uncaughtException' },
    ]);
    expect(result.fatal).toBe('Error: sync bug in a timer');
  });
});
