/**
 * A server that cannot start exits, and says why. Before, a failure inside
 * composition (here: the cluster backend's Redis refusing connections) was
 * rethrown past the signal handlers `serve` had installed, so the process kept
 * its half-opened Redis client reconnecting for ever and ignored SIGTERM.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from './support/temp-dir.ts';

const BIN = fileURLToPath(new URL('../bin/branchcast.js', import.meta.url));

describe('branchcast serve, start failure', () => {
  it('exits 1 with the reason when the cluster backend cannot open, and nothing lingers', async () => {
    const data = await makeTempDir('branchcast-start-failure-');
    try {
      // Port 1 on loopback: nothing listens there, so every connect is refused at once.
      const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', data.path, '--admin-key', 'k'.repeat(32), '--redis', 'redis://127.0.0.1:1'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      clearTimeout(killer);
      expect(code, stderr).toBe(1);
      expect(stderr).toContain('branchcast serve: could not start');
    } finally {
      await data.remove();
    }
  }, 30_000);
});
