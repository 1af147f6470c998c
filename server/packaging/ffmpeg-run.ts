import { spawn } from 'node:child_process';
import { FfmpegFailedError, FfmpegMissingError } from './ffmpeg-errors.ts';

export interface RunToolOptions {
  /** Kills the child (SIGKILL) when aborted; the promise then rejects with FfmpegFailedError. */
  signal?: AbortSignal;
  /** Keep at most this much stdout; more is an error (default 16 MiB). ffprobe JSON is small. */
  maxStdout?: number;
  /** Keep only the last this-many bytes of stderr (default 64 KiB): ffmpeg's progress chatter is unbounded. */
  stderrTail?: number;
  /** Receives stdout as it arrives (e.g. `-progress pipe:1` reports), which is then not kept: the result's stdout is empty. */
  onStdout?: (text: string) => void;
}

export interface ToolOutput {
  stdout: string;
  stderr: string;
}

/**
 * Runs ffmpeg or ffprobe with an argument array (never a shell, so no quoting
 * or injection hazards) and resolves with its output when it exits 0.
 *
 * @throws FfmpegMissingError when the binary cannot be started.
 * @throws FfmpegFailedError on a non-zero exit, a signal, or too much stdout.
 */
export function runFfmpegTool(binary: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolOutput> {
  const maxStdout = options.maxStdout ?? 16 * 1024 * 1024;
  const stderrTail = options.stderrTail ?? 64 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal, killSignal: 'SIGKILL' });
    const stdout: string[] = [];
    let stdoutBytes = 0;
    let overflow = false;
    let stderr = Buffer.alloc(0);
    let spawnError: Error | undefined;

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (options.onStdout) {
        options.onStdout(chunk);
        return;
      }
      stdoutBytes += Buffer.byteLength(chunk);
      if (stdoutBytes > maxStdout) {
        overflow = true;
        child.kill('SIGKILL');
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // Concatenate then trim: bounded, because each step keeps at most stderrTail + one chunk.
      stderr = Buffer.concat([stderr, chunk]);
      if (stderr.length > stderrTail) stderr = stderr.subarray(stderr.length - stderrTail);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error;
    });
    child.on('close', (code, signal) => {
      const err = stderr.toString('utf8');
      if (spawnError && (spawnError as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new FfmpegMissingError(binary, { cause: spawnError }));
      } else if (spawnError || overflow || code !== 0) {
        const detail = overflow ? `${err}\nstdout exceeded ${maxStdout} bytes` : err;
        reject(new FfmpegFailedError(binary, { code, signal }, detail, { cause: spawnError }));
      } else {
        resolve({ stdout: stdout.join(''), stderr: err });
      }
    });
  });
}
