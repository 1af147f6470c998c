/**
 * Two group-commit batches in flight per segment (issue 18): the disk syncs
 * one while the next is written. On a real segment file, with the first
 * write held back so the second returns first: appends still resolve in file
 * order, a third append waits for room, and when the first write fails the
 * second (durable, but behind a hole) is neither acknowledged nor kept.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { createFileRoomStore, type RecoveryReport } from './file-room-store.ts';
import { recoverSegment } from './recover-segment.ts';
import type { LogRecord } from './room-store.ts';
import { createSegmentLog, type SegmentLog } from './segment-log.ts';

let dir: TempDir;
beforeEach(async () => {
  dir = await makeTempDir('branchcast-pipeline-');
});
afterEach(async () => {
  await dir.remove();
});

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function records(report?: (r: RecoveryReport) => void): Promise<string[]> {
  const store = await createFileRoomStore(dir.path, report ? { onRecover: report } : {});
  const out: string[] = [];
  try {
    for await (const record of store.read('r', 0) as AsyncIterable<LogRecord>) out.push(new TextDecoder().decode(record.data));
  } finally {
    await store.close();
  }
  return out;
}

/** Room r's real segment (holding 'seed'), its first write held until `release`, or failed then when `failFirst`. */
async function heldLog(failFirst: boolean): Promise<{ log: SegmentLog; writes: () => number; release: () => void }> {
  const store = await createFileRoomStore(dir.path);
  await store.append('r', [bytes('seed')]);
  await store.close();
  const path = join(dir.path, 'rooms', 'r', 'log.seg');
  const real = await open(path, 'r+');
  const recovered = await recoverSegment(real, (await real.stat()).size, 'test');
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let writes = 0;
  const handle = {
    writev: async (buffers: Buffer[], position: number) => {
      writes += 1;
      if (writes === 1) {
        await held;
        if (failFirst) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
      }
      return real.writev(buffers, position);
    },
    datasync: () => real.datasync(),
    close: () => real.close(),
  } as unknown as FileHandle;
  return { log: createSegmentLog('r', path, handle, recovered, undefined, false), writes: () => writes, release };
}

describe('segment log with two batches in flight', () => {
  it('settles them in file order whichever write returns first, and holds a third batch until one settles', async () => {
    const { log, writes, release } = await heldLog(false);
    const settled: string[] = [];
    const a = log.append([bytes('a')]).then((seqs) => (settled.push('a'), seqs));
    await turn(); // a's batch is in flight, its write held
    const b = log.append([bytes('b')]).then((seqs) => (settled.push('b'), seqs));
    await turn();
    const c = log.append([bytes('c')]).then((seqs) => (settled.push('c'), seqs));
    await new Promise((resolve) => setTimeout(resolve, 50)); // b's write has long returned
    expect(writes()).toBe(2); // a and b in flight; c waits for room
    expect(settled).toEqual([]); // b is durable but waits for a
    expect(log.durableSeq()).toBe(1);
    expect(log.readPlan(1)).toBeUndefined(); // readers see nothing past the durable prefix
    release();
    expect(await Promise.all([a, b, c])).toEqual([[2], [3], [4]]);
    expect(settled).toEqual(['a', 'b', 'c']);
    expect(writes()).toBe(3);
    await log.close();
    expect(await records()).toEqual(['seed', 'a', 'b', 'c']);
  });

  it('when the first write fails, rejects the second too, and recovery cuts what it wrote behind the hole', async () => {
    const { log, writes, release } = await heldLog(true);
    const a = log.append([bytes('a')]);
    await turn();
    const b = log.append([bytes('b')]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(writes()).toBe(2);
    release();
    await expect(a).rejects.toMatchObject({ code: 'io' });
    await expect(b).rejects.toMatchObject({ code: 'io' });
    await expect(log.append([bytes('c')])).rejects.toMatchObject({ code: 'io' });
    expect(log.durableSeq()).toBe(1);
    await log.close();
    let report: RecoveryReport | undefined;
    expect(await records((r) => (report = r))).toEqual(['seed']);
    expect(report?.truncatedBytes).toBeGreaterThan(0);
  });
});
