/**
 * CPU time (user + system) of a process and its direct children, from
 * /proc (Linux). On a shared, busy machine, server CPU per request is a
 * steadier efficiency measure than requests per second alone.
 */
import { readdirSync, readFileSync } from 'node:fs';

// USER_HZ is 100 on every Linux we run on (sysconf(_SC_CLK_TCK)).
const TICK_MS = 10;

/** Milliseconds of CPU used so far by `pid` and its live direct children (nginx workers). */
export function processTreeCpuMs(pid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat !== undefined && (stat.pid === pid || stat.ppid === pid)) ticks += stat.utime + stat.stime;
  }
  return ticks * TICK_MS;
}

function readStat(pid: number): { pid: number; ppid: number; utime: number; stime: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited meanwhile
  }
  // The command name may contain spaces; fields resume after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, ppid: Number(fields[1]), utime: Number(fields[11]), stime: Number(fields[12]) };
}
