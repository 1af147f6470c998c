/**
 * kill -9 in the middle of a stream of appends loses nothing acknowledged and
 * surfaces nothing torn. A child process appends as fast as it can and prints
 * every acknowledged seq; we SIGKILL it at a random moment, reopen, and check.
 * The same directory is reused across rounds, so each round also recovers the
 * previous round's torn tail before appending after it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { crashPayload } from '../../test/support/crash-append-child.ts';
import { createFileRoomStore } from './file-room-store.ts';

const CHILD = fileURLToPath(new URL('../../test/support/crash-append-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const ROUNDS = 5;

let dir: TempDir;
beforeAll(async () => {
  dir = await makeTempDir('branchcast-crash-');
});
afterAll(async () => {
  await dir.remove();
});

/** Runs the child until a random moment after its first acknowledgement, SIGKILLs it, returns its acks. */
async function appendUntilKilled(tag: string): Promise<Map<number, string>> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir.path, 'crashroom', tag, '50'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let killTimer: NodeJS.Timeout | undefined;
  const guard = setTimeout(() => child.kill('SIGKILL'), 20_000); // bounded even if the child never acks
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (killTimer === undefined && /^\d+ /m.test(stdout)) {
      killTimer = setTimeout(() => child.kill('SIGKILL'), 50 + Math.floor(Math.random() * 400));
    }
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
  clearTimeout(guard);
  clearTimeout(killTimer);
  expect(signal, `child ended on its own: ${stderr}`).toBe('SIGKILL');
  const acks = new Map<number, string>();
  for (const line of stdout.split('\n')) {
    const match = /^(\d+) (\S+)$/.exec(line);
    if (match) acks.set(Number(match[1]), match[2] as string);
  }
  return acks;
}

it(`keeps every acknowledged append across ${ROUNDS} SIGKILLs`, async () => {
  const acknowledged = new Map<number, string>();
  for (let round = 0; round < ROUNDS; round++) {
    const acks = await appendUntilKilled(`r${round}`);
    expect(acks.size).toBeGreaterThan(0);
    for (const [seq, label] of acks) acknowledged.set(seq, label);

    const store = await createFileRoomStore(dir.path);
    try {
      const seen = new Set<string>();
      let expectedSeq = 1;
      for await (const record of store.read('crashroom', 0)) {
        expect(record.seq).toBe(expectedSeq++);
        // Every surviving record, acknowledged or not, is exactly something a child wrote, once.
        const label = new TextDecoder().decode(record.data).split(':')[0] as string;
        expect(Buffer.from(record.data).equals(crashPayload(label))).toBe(true);
        expect(seen.has(label)).toBe(false);
        seen.add(label);
        const acked = acknowledged.get(record.seq);
        if (acked !== undefined) expect(label).toBe(acked);
      }
      expect(expectedSeq - 1).toBeGreaterThanOrEqual(Math.max(...acknowledged.keys()));
    } finally {
      await store.close();
    }
  }
}, 120_000);
