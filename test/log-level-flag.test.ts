/**
 * `serve`'s log output (issue 19.3): JSON lines on stderr at the level from
 * `--log-level`, else `LOG_LEVEL`, else info; a bad level is a usage error;
 * readable lines instead when stderr is a terminal (a pseudo-terminal from
 * util-linux `script`, as a person's shell would give), from the compiled bundle.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLogLines } from './support/log-lines.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir } from './support/temp-dir.ts';

const BIN = fileURLToPath(new URL('../bin/branchcast.js', import.meta.url));
const KEY = 'log-level-test-operator-key-0123456789';
const started: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

/** Starts a server, stops it (so its shutdown lines are in too), and returns its parsed log lines. */
async function linesOf(args: string[], env: Record<string, string> = {}): Promise<ReturnType<typeof parseLogLines>> {
  const server = await startServerProcess({ args: ['--admin-key', KEY, ...args], env });
  started.push(server);
  await server.stop();
  return parseLogLines(server.output());
}

describe('serve --log-level', () => {
  it('writes JSON lines at info by default, and only what the flag or LOG_LEVEL lets through', async () => {
    const byDefault = await linesOf([]);
    expect(byDefault.map((l) => l.level)).toContain('info');
    expect(byDefault.find((l) => l.msg === 'rooms: created a new token-signing key')).toMatchObject({ level: 'info', time: expect.any(String) as unknown, pid: expect.any(Number) as unknown });

    expect(await linesOf(['--log-level', 'warn'])).toEqual([]);
    expect(await linesOf([], { LOG_LEVEL: 'warn' })).toEqual([]);
    // The flag wins over the environment.
    expect((await linesOf(['--log-level', 'info'], { LOG_LEVEL: 'silent' })).length).toBeGreaterThan(0);
  });

  it('refuses a level it does not know, with the levels it does', () => {
    const result = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--admin-key', KEY, '--log-level', 'loud'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--log-level must be one of fatal, error, warn, info, debug, trace, silent');
  });

  it('prints readable lines, not JSON, when stderr is a terminal', async () => {
    const data = await makeTempDir('branchcast-tty-');
    try {
      const command = [process.execPath, BIN, 'serve', '--port', '0', '--data', data.path, '--admin-key', KEY].join(' ');
      const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let output = '';
      const listening = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line:\n${output}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (!output.includes('branchcast listening on')) return;
          clearTimeout(timer);
          resolve();
        });
      });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        await listening;
        await new Promise((r) => setTimeout(r, 300)); // the line after it (the player bundle)
      } finally {
        child.stdin.write('\u0003'); // Ctrl-C through the terminal: SIGINT to the server
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      const plain = output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), ''); // colours off
      expect(plain).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: rooms: created a new token-signing key/m);
      expect(plain).not.toMatch(/^\{"level"/m);
    } finally {
      await data.remove();
    }
  }, 30_000);
});
