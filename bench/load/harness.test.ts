/**
 * Runs each room benchmark at tiny N (10 viewers, about a second) so the
 * harness cannot silently rot. Nothing here asserts speed: only that every
 * system produced well-formed results.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SYSTEMS as DEFAULT_SYSTEMS } from './systems.ts';

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
  // fanout and join-storm cover every system's transport; the others, whose
  // system-specific paths those already cover, run two systems to keep CI short.
  const two = ['--systems', 'branchcast,uws-raw'];
  const cases: Array<[string, string[], string, string[]]> = [
    ['fanout.ts', ['--cells', '10:10', '--duration', '1'], 'delivered_per_second', SYSTEMS],
    ['join-storm.ts', ['--viewers', '10'], 'failures', SYSTEMS],
    ['votes-ws.ts', ['--voters', '10', '--duration', '1', ...two], 'votes_acked_per_second', ['branchcast', 'uws-raw']],
    ['votes-http.ts', ['--viewers', '10', '--duration', '1', '--connections', '4', ...two], 'requests_per_second', ['branchcast', 'uws-raw']],
    ['idle-memory.ts', ['--viewers', '10', '--settle', '100', ...two], 'rss_per_idle_viewer', ['branchcast', 'uws-raw']],
  ];
  for (const [file, args, metric, systems] of cases) {
    it(`${file} reports ${metric} for ${systems.join(', ')}`, { timeout: 120_000 }, async () => {
      const lines = await runScript(file, args);
      for (const system of systems) {
        const line = lines.find((l) => l.system === system && l.metric === metric);
        expect(line, `${system} ${metric}`).toBeDefined();
        expect(typeof line?.value).toBe('number');
      }
      // A ratio is emitted only when both readings are positive (report.ts): at
      // 10 viewers an RSS delta can be noise below zero, and then there is none.
      const mine = lines.find((l) => l.system === 'branchcast' && l.metric === metric)?.value ?? 0;
      const raw = lines.find((l) => l.system === 'uws-raw' && l.metric === metric)?.value ?? 0;
      const ratio = lines.find((l) => l.system === 'branchcast/uws-raw' && l.metric === `${metric}_ratio`);
      if (mine > 0 && raw > 0) expect(ratio?.value).toBeCloseTo(mine / raw, 2);
      else expect(ratio).toBeUndefined();
    });
  }

  it('runs uws-durable only when named, answers every vote and HTTP command after its append, and reports branchcast against it', { timeout: 120_000 }, async () => {
    const ws = await runScript('votes-ws.ts', ['--voters', '10', '--duration', '1', '--systems', 'branchcast,uws-durable']);
    const http = await runScript('votes-http.ts', ['--viewers', '10', '--duration', '1', '--connections', '4', '--systems', 'uws-durable']);
    for (const [lines, metric] of [[ws, 'votes_acked_per_second'], [http, 'requests_per_second']] as const) {
      expect(lines.find((l) => l.system === 'uws-durable' && l.metric === metric)?.value).toBeGreaterThan(0);
      expect(lines.find((l) => l.system === 'uws-durable' && l.metric === 'errors')?.value).toBe(0);
    }
    expect(ws.find((l) => l.system === 'branchcast/uws-durable')?.value).toBeGreaterThan(0);
    // Not a default system: a run without --systems never starts it.
    expect(DEFAULT_SYSTEMS).not.toContain('uws-durable');
  });

  it('compiled-vs-source.ts reports CPU per 1 KB range and per vote for the compiled server and the one from source', { timeout: 120_000 }, async () => {
    const lines = await runScript('compiled-vs-source.ts', ['--rounds', '1', '--duration', '0.5', '--voters', '10', '--connections', '4']);
    for (const metric of ['server_cpu_per_range_1KB', 'server_cpu_per_vote', 'startup_time']) {
      for (const system of ['compiled', 'source']) {
        const line = lines.find((l) => l.system === system && l.metric === metric);
        expect(line, `${system} ${metric}`).toBeDefined();
        expect(typeof line?.value).toBe('number');
      }
      expect(lines.find((l) => l.system === 'compiled/source' && l.metric === `${metric}_ratio`), `${metric} ratio`).toBeDefined();
    }
  });

  it('studio-map.ts reports first render and pan frames for the stress story and the demo', { timeout: 120_000 }, async () => {
    const lines = await runScript('studio-map.ts', ['--runs', '1', '--pan-seconds', '0.2']);
    for (const system of ['stress-241', 'demo-5']) {
      for (const metric of ['first_render_median', 'pan_frame_p95', 'pan_fps']) {
        const line = lines.find((l) => l.system === system && l.metric === metric);
        expect(line, `${system} ${metric}`).toBeDefined();
        expect(line!.value).toBeGreaterThan(0);
      }
    }
  });

  it('cluster.ts reports fan-out, votes and Redis operations per vote batch for a 2-node cluster', { timeout: 120_000 }, async () => {
    const lines = await runScript('cluster.ts', ['--targets', '2', '--viewers', '10', '--rate', '10', '--voters', '4', '--follower-window', '4', '--duration', '1', '--results-file', '']);
    for (const [scenario, metric] of [['cluster-fanout', 'delivered_per_second'], ['cluster-votes', 'votes_acked_per_second'], ['cluster-votes-followers', 'redis_ops_per_batch']]) {
      const line = lines.find((l) => l.scenario === scenario && l.system === 'cluster-2' && l.metric === metric);
      expect(line, `${scenario} ${metric}`).toBeDefined();
      expect(typeof line?.value).toBe('number');
    }
  });
});
