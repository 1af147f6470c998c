/**
 * Group commit and failure handling of one segment, below the store: how many
 * fsyncs concurrent appends cost, and what a failing disk does to the log.
 */
import { constants } from 'node:fs';
import { readdir, readFile, readlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.ts';
import { createFileRoomStore, type CommitInfo } from './file-room-store.ts';
import { RoomStoreError } from './room-store-error.ts';
import { SEGMENT_HEADER_BYTES } from './segment-frame.ts';
import { createSegmentLog, LogRetiredError } from './segment-log.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('segment log', () => {
  it('commits many concurrent appends with few fsyncs', async () => {
    const dir = await makeTempDir('branchcast-segment-');
    const commits: CommitInfo[] = [];
    const store = await createFileRoomStore(dir.path, { onCommit: (c) => commits.push(c) });
    try {
      await store.append('r', [bytes('warm-up')]);
      commits.length = 0;
      await Promise.all(Array.from({ length: 200 }, (_, i) => store.append('r', [bytes(`${i}`)])));
      expect(commits.reduce((n, c) => n + c.records, 0)).toBe(200);
      expect(commits.length).toBeLessThanOrEqual(4);
      expect(commits.every((c) => c.room === 'r' && c.fsyncMs >= 0 && c.bytes > 0)).toBe(true);
    } finally {
      await store.close();
      await dir.remove();
    }
  });

  it('poisons the log after a failed write: pending and later appends reject with io, nothing gets a seq', async () => {
    let writes = 0;
    const failing = {
      writev: async () => {
        writes++;
        throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
      },
      datasync: async () => undefined,
      close: async () => undefined,
    } as unknown as FileHandle;
    const recovered = { baseSeq: 1, count: 0, size: SEGMENT_HEADER_BYTES, index: [], truncatedBytes: 0, problem: undefined };
    const log = createSegmentLog('r', '/nonexistent', failing, recovered, undefined);
    const results = await Promise.allSettled([log.append([bytes('a')]), log.append([bytes('b')])]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason as RoomStoreError;
      expect(reason).toBeInstanceOf(RoomStoreError);
      expect(reason.code).toBe('io');
      expect((reason.cause as NodeJS.ErrnoException).code).toBe('EIO');
    }
    await expect(log.append([bytes('c')])).rejects.toMatchObject({ code: 'io' });
    expect(writes).toBe(1);
    expect(log.durableSeq()).toBe(0);
    await log.close();
    await expect(log.append([bytes('d')])).rejects.toBeInstanceOf(LogRetiredError);
  });

  it('syncs each batch once: a datasync after the write, or none when the file was opened O_DSYNC', async () => {
    const recovered = { baseSeq: 1, count: 0, size: SEGMENT_HEADER_BYTES, index: [], truncatedBytes: 0, problem: undefined };
    for (const writesAreDurable of [false, true]) {
      const calls: string[] = [];
      const handle = {
        writev: async (buffers: Buffer[]) => {
          calls.push('writev');
          return { bytesWritten: buffers.reduce((n, b) => n + b.length, 0), buffers };
        },
        datasync: async () => void calls.push('datasync'),
        close: async () => undefined,
      } as unknown as FileHandle;
      const log = createSegmentLog('r', '/nonexistent', handle, recovered, undefined, writesAreDurable);
      expect(await Promise.all([log.append([bytes('a')]), log.append([bytes('b')])])).toEqual([[1], [2]]);
      expect(calls).toEqual(writesAreDurable ? ['writev'] : ['writev', 'datasync']);
      await log.close();
    }
  });

  it.runIf(process.platform === 'linux')('opens the segment O_DSYNC, so a commit is one write', async () => {
    const dir = await makeTempDir('branchcast-segment-');
    const store = await createFileRoomStore(dir.path);
    try {
      await store.append('r', [bytes('a')]);
      const flags: number[] = [];
      for (const fd of await readdir('/proc/self/fd')) {
        const target = await readlink(join('/proc/self/fd', fd)).catch(() => '');
        if (!target.startsWith(dir.path) || !target.endsWith('log.seg')) continue;
        const info = await readFile(join('/proc/self/fdinfo', fd), 'utf8');
        flags.push(parseInt(/^flags:\s+([0-7]+)/m.exec(info)?.[1] ?? '0', 8));
      }
      expect(flags).toHaveLength(1);
      expect((flags[0] as number) & constants.O_DSYNC).toBe(constants.O_DSYNC);
    } finally {
      await store.close();
      await dir.remove();
    }
  });

  it('does not let a throwing commit hook break the log', async () => {
    const dir = await makeTempDir('branchcast-segment-');
    const store = await createFileRoomStore(dir.path, { onCommit: () => { throw new Error('metrics bug'); } });
    try {
      expect(await store.append('r', [bytes('a')])).toEqual([1]);
      expect(await store.append('r', [bytes('b')])).toEqual([2]);
    } finally {
      await store.close();
      await dir.remove();
    }
  });
});
