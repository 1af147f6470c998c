/**
 * File-adapter recovery: what a crash or damage can leave in a room's
 * directory, and what reopening makes of it.
 */
import { appendFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { createFileRoomStore, type RecoveryReport } from './file-room-store.ts';
import { RoomStoreError } from './room-store-error.ts';
import type { LogRecord } from './room-store.ts';
import { encodeFrameHeader } from './segment-frame.ts';
import { TORN_TAIL_LIMIT } from './recover-segment.ts';

let dir: TempDir;
beforeEach(async () => {
  dir = await makeTempDir('branchcast-recover-');
});
afterEach(async () => {
  await dir.remove();
});

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const segment = (): string => join(dir.path, 'rooms', 'r', 'log.seg');

async function collect(iterable: AsyncIterable<LogRecord>): Promise<string[]> {
  const out: string[] = [];
  for await (const record of iterable) out.push(new TextDecoder().decode(record.data));
  return out;
}

/** Writes `count` records to room `r` and closes the store; returns the segment's size. */
async function seed(count: number): Promise<number> {
  const store = await createFileRoomStore(dir.path);
  await store.append('r', Array.from({ length: count }, (_, i) => bytes(`rec-${i + 1}`)));
  await store.close();
  return (await stat(segment())).size;
}

/** Reopens, touches room `r`, and returns what it holds plus the recovery report. */
async function reopen(): Promise<{ records: string[]; report: RecoveryReport | undefined; nextSeq: number }> {
  let report: RecoveryReport | undefined;
  const store = await createFileRoomStore(dir.path, { onRecover: (r) => (report = r) });
  try {
    const records = await collect(store.read('r', 0));
    const [nextSeq] = await store.append('r', [bytes('after')]);
    return { records, report, nextSeq: nextSeq as number };
  } finally {
    await store.close();
  }
}

describe('file room store recovery', () => {
  it('truncates a partial frame at the tail', async () => {
    const size = await seed(10);
    const payload = bytes('a record the crash cut short');
    await appendFile(segment(), Buffer.concat([encodeFrameHeader(payload), payload.subarray(0, 7)]));
    const { records, report, nextSeq } = await reopen();
    expect(records).toHaveLength(10);
    expect(report).toMatchObject({ records: 10, truncatedBytes: 8 + 7, problem: 'truncated' });
    expect(nextSeq).toBe(11);
    expect((await stat(segment())).size).toBeGreaterThan(size);
  });

  it('truncates a torn frame header (fewer than 8 bytes)', async () => {
    await seed(3);
    await appendFile(segment(), Buffer.from([1, 2, 3]));
    const { records, report, nextSeq } = await reopen();
    expect(records).toEqual(['rec-1', 'rec-2', 'rec-3']);
    expect(report?.truncatedBytes).toBe(3);
    expect(nextSeq).toBe(4);
  });

  it('drops a complete last frame whose checksum does not match', async () => {
    const size = await seed(5);
    const file = await readFile(segment());
    file[size - 1] = (file[size - 1] as number) ^ 0xff; // last byte of rec-5's payload
    await writeFile(segment(), file);
    const { records, report, nextSeq } = await reopen();
    expect(records).toEqual(['rec-1', 'rec-2', 'rec-3', 'rec-4']);
    expect(report?.problem).toBe('checksum');
    expect(nextSeq).toBe(5);
  });

  it('does not read a zero-filled tail as empty records', async () => {
    await seed(2);
    await appendFile(segment(), Buffer.alloc(4096));
    const { records, report } = await reopen();
    expect(records).toEqual(['rec-1', 'rec-2']);
    expect(report).toMatchObject({ truncatedBytes: 4096, problem: 'checksum' });
  });

  it('drops a frame claiming more than the record limit', async () => {
    await seed(2);
    const header = Buffer.alloc(8);
    header.writeUInt32LE(0xffffffff, 0);
    await appendFile(segment(), header);
    expect((await reopen()).records).toEqual(['rec-1', 'rec-2']);
  });

  it('refuses to truncate damage followed by more than a crash can tear', async () => {
    const store = await createFileRoomStore(dir.path);
    const mb = new Uint8Array(1024 * 1024);
    // Just past what a crash can tear (every batch in flight, each up to one maximal record).
    for (let i = 0; i < Math.ceil(TORN_TAIL_LIMIT / mb.length) + 2; i++) await store.append('r', [mb]);
    await store.close();
    const file = await readFile(segment());
    file[16 + 8 + 100] = (file[16 + 8 + 100] as number) ^ 1; // inside the first record
    await writeFile(segment(), file);
    const reopened = await createFileRoomStore(dir.path);
    const error: unknown = await collect(reopened.read('r', 0)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RoomStoreError);
    expect((error as RoomStoreError).code).toBe('corrupt');
    expect((await stat(segment())).size).toBe(file.length); // nothing cut
    await reopened.close();
  });

  it('reports a segment with a foreign header as corrupt', async () => {
    await seed(1);
    const file = await readFile(segment());
    file.write('notalog!', 0, 'latin1');
    await writeFile(segment(), file);
    const store = await createFileRoomStore(dir.path);
    await expect(store.append('r', [bytes('x')])).rejects.toMatchObject({ code: 'corrupt' });
    await store.close();
  });

  it('reports a damaged snapshot as corrupt', async () => {
    const store = await createFileRoomStore(dir.path);
    await store.append('r', [bytes('1')]);
    await store.writeSnapshot('r', { seq: 1, data: bytes('state') });
    const path = join(dir.path, 'rooms', 'r', 'snapshot.bin');
    const file = await readFile(path);
    file[file.length - 1] = (file[file.length - 1] as number) ^ 1;
    await writeFile(path, file);
    await expect(store.latestSnapshot('r')).rejects.toMatchObject({ code: 'corrupt' });
    await store.close();
  });

  it('sweeps what a crash left mid-snapshot and mid-delete', async () => {
    await seed(1);
    await writeFile(join(dir.path, 'rooms', 'r', '.snapshot.bin.abc123.tmp'), 'half');
    await mkdir(join(dir.path, 'rooms', '.deleting-gone-0000'), { recursive: true });
    await mkdir(join(dir.path, 'rooms', 'empty'), { recursive: true }); // mkdir done, segment not yet renamed in
    const { records } = await reopen();
    expect(records).toEqual(['rec-1']);
    expect((await readdir(join(dir.path, 'rooms'))).sort()).toEqual(['empty', 'r']);
    expect(await readdir(join(dir.path, 'rooms', 'r'))).toEqual(['log.seg']);
    const store = await createFileRoomStore(dir.path);
    expect(await store.listRooms()).toEqual(['r']);
    await store.close();
  });
});
