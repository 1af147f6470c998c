/**
 * Memory readings of a server child process, for tests that must show memory
 * stays bounded under hostile load. RSS comes from /proc (Linux; the figure
 * the kernel charges the process), the V8 heap from the server's own /metrics
 * (nodejs_heap_size_used_bytes). A sampler polls RSS to catch the peak.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MemoryReading {
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
}

/** VmRSS of `pid` in bytes. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  if (!Number.isFinite(kib)) throw new Error(`no VmRSS for pid ${pid}`);
  return kib * 1024;
}

/** RSS from /proc plus heap and external memory from the server's /metrics. */
export async function readMemory(baseUrl: string, pid: number): Promise<MemoryReading> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const gauge = (name: string): number => {
    const value = Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    if (!Number.isFinite(value)) throw new Error(`no ${name} on /metrics`);
    return value;
  };
  return { rssBytes: rssOf(pid), heapUsedBytes: gauge('nodejs_heap_size_used_bytes'), externalBytes: gauge('nodejs_external_memory_bytes') };
}

/** Polls RSS every `everyMs` until stop(); stop() returns the highest reading. */
export function sampleRss(pid: number, everyMs = 50): { stop(): number } {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssOf(pid));
    } catch {
      // The process ended; the peak so far stands.
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

export const mib = (bytes: number): number => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/** The machine a figure was measured on, for docs that quote it. */
export function machineSummary(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}
