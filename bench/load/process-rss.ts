/** Resident memory of a process and its direct children, from /proc (Linux). */
import { readdirSync, readFileSync } from 'node:fs';

export function processTreeRssBytes(pid: number): number {
  let kib = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let status: string;
    try {
      status = readFileSync(`/proc/${entry}/status`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    if (Number(entry) !== pid && ppid !== pid) continue;
    kib += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  }
  return kib * 1024;
}
