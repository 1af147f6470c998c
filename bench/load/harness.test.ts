/**
 * Runs each room benchmark at tiny N (10 viewers, about a second) so the
 * harness cannot silently rot. Nothing here asserts speed: only that every
 * system produced well-formed results.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Line {
  scenario: string;
  system: string;
  metric: string;
  value: number;
}

function runScript(file: string, args: string[]): Promise<Line[]> {
  const path = fileURLToPath(new URL(`../${file}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${file} exited with ${code}:\n${err}`));
      else resolve(out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line));
    });
  });
}

const SYSTEMS = ['branchcast', 'uws-raw', 'ws', 'socket.io'];

describe('room benchmarks at tiny N', () => {
  const cases: Array<[string, string[], string]> = [
    ['fanout.ts', ['--cells', '10:10', '--duration', '1'], 'delivered_per_second'],
    ['votes-ws.ts', ['--voters', '10', '--duration', '1'], 'votes_acked_per_second'],
    ['votes-http.ts', ['--viewers', '10', '--duration', '1', '--connections', '4'], 'requests_per_second'],
    ['join-storm.ts', ['--viewers', '10'], 'failures'],
    ['idle-memory.ts', ['--viewers', '10', '--settle', '100'], 'rss_per_idle_viewer'],
  ];
  for (const [file, args, metric] of cases) {
    it(`${file} reports ${metric} for every system`, { timeout: 120_000 }, async () => {
      const lines = await runScript(file, args);
      for (const system of SYSTEMS) {
        const line = lines.find((l) => l.system === system && l.metric === metric);
        expect(line, `${system} ${metric}`).toBeDefined();
        expect(typeof line?.value).toBe('number');
      }
      expect(lines.some((l) => l.system === 'branchcast/uws-raw')).toBe(true);
    });
  }
});
