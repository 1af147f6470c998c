/**
 * Whether this machine can build and run the Dockerfile, and the docker
 * commands the image test runs. Decided once, synchronously, when a test file
 * is collected, because `it.skipIf` needs the answer before any test runs.
 *
 * @example
 *   const engine = probeContainerEngine('node:20-bookworm-slim');
 *   if (!engine.available) console.log(`skipped: ${engine.reason}`);
 */
import { spawn, spawnSync } from 'node:child_process';

export type EngineProbe = { available: true } | { available: false; reason: string };

/** A working engine answers `docker info` at once; no engine fails just as fast. */
const INFO_TIMEOUT_MS = 10_000;
/** Pulling a slim base image takes seconds where a registry is reachable. */
const PULL_TIMEOUT_MS = 180_000;

/** `docker info` succeeds, and `baseImage` is present locally or can be pulled. */
export function probeContainerEngine(baseImage: string): EngineProbe {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: INFO_TIMEOUT_MS });
  if (info.error !== undefined) return { available: false, reason: `no docker client (${info.error.message})` };
  if (info.status !== 0) return { available: false, reason: `docker info failed, no container engine: ${firstLine(info.stderr)}` };
  if (spawnSync('docker', ['image', 'inspect', baseImage], { timeout: INFO_TIMEOUT_MS }).status === 0) return { available: true };
  const pull = spawnSync('docker', ['pull', '--quiet', baseImage], { encoding: 'utf8', timeout: PULL_TIMEOUT_MS });
  if (pull.status !== 0) return { available: false, reason: `base image ${baseImage} is not present and could not be pulled: ${firstLine(pull.stderr) || 'timed out'}` };
  return { available: true };
}

export interface DockerResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one docker command to completion, killing it after `timeoutMs`. */
export function docker(args: string[], timeoutMs = 60_000): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Like docker(), but rejects with the output when the command fails. */
export async function dockerOk(args: string[], timeoutMs?: number): Promise<string> {
  const r = await docker(args, timeoutMs);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} exited with ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

function firstLine(text: string | null | undefined): string {
  return (text ?? '').trim().split('\n')[0] ?? '';
}
