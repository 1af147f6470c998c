/**
 * Runs `branchcast serve` as a child process, the way users run it.
 *
 * @example
 *   const server = await startServerProcess({ args: ['--media', dir] });
 *   afterAll(() => server.stop());
 *   await fetch(`${server.url}/healthz`);
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/branchcast.js', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const LISTENING = /branchcast listening on (http:\/\/\S+)/;

export interface ServerProcessOptions {
  /**
   * Extra `serve` arguments, e.g. ['--media', dir]. Without `--data` (and
   * without DATA_DIR in `env`) the server gets a fresh temp data dir, removed
   * after stop(), so tests never write into the checkout's ./data.
   */
  args?: string[];
  /** Added to the parent's environment. */
  env?: Record<string, string>;
  /**
   * Node arguments that start the CLI, before `serve`. Default: bin/branchcast.js
   * (the compiled server); bench/compiled-vs-source.ts also runs it from source,
   * e.g. ['--import', 'tsx', 'server/cli/entry.ts'].
   */
  entry?: string[];
  /** Defaults to 0: the server picks a free port and reports it. null: pass no --port (PORT env or the default applies). */
  port?: number | null;
  cwd?: string;
  /** How long to wait for the "listening on" line. */
  startTimeoutMs?: number;
}

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended. Safe to call twice. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();
// If the test process dies without afterAll, do not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const port = options.port === null ? [] : ['--port', String(options.port ?? 0)];
  const extra = options.args ?? [];
  const ownDataDir = extra.includes('--data') || options.env?.DATA_DIR !== undefined ? undefined : mkdtempSync(join(tmpdir(), 'branchcast-data-'));
  const data = ownDataDir === undefined ? [] : ['--data', ownDataDir];
  const args = [...(options.entry ?? [BIN]), 'serve', '--host', '127.0.0.1', ...port, ...data, ...extra];
  const child = spawn(process.execPath, args, { cwd: options.cwd ?? REPO, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      if (ownDataDir !== undefined) rmSync(ownDataDir, { recursive: true, force: true });
      resolve({ code, signal });
    });
  });

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${options.startTimeoutMs ?? 20_000} ms:\n${output}`)), options.startTimeoutMs ?? 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening (code ${code}, signal ${signal}):\n${output}`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });

  let stopping: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid ?? -1,
    child,
    output: () => output,
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          const result = await exited;
          clearTimeout(timer);
          return result;
        }
        return exited;
      })();
      return stopping;
    },
  };
}
