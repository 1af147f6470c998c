/** Starts a peer server (bench/peers/<name>.ts) as a child process and waits until it listens. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type PeerName = 'uws-raw' | 'ws' | 'socket-io';

export interface PeerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const LISTENING = /peer listening on (http:\/\/\S+)/;

/** `env` is added to the parent's environment; `args` to the peer's own. */
export async function startPeer(name: PeerName, timeoutMs = 15_000, env: Record<string, string> = {}, args: readonly string[] = []): Promise<PeerProcess> {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  process.once('exit', () => child.kill('SIGKILL'));
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`peer ${name} did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      onData(chunk);
      process.stderr.write(`[${name}] ${chunk.toString()}`);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`peer ${name} exited before listening:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
