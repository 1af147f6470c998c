import { appendFile, mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeLogEntry, type LogEntry } from '../../engine/index.ts';
import { choiceStory } from '../../test/support/story-fixtures.ts';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { createFileRoomStore } from '../store/file-room-store.ts';
import { TORN_TAIL_LIMIT } from '../store/recover-segment.ts';
import { BackupError } from './backup-error.ts';
import { readRoomFromDataDir } from './read-room.ts';

const T0 = 1_700_000_000_000;
let dir: TempDir;

beforeEach(async () => {
  dir = await makeTempDir('branchcast-read-room-');
});
afterEach(() => dir.remove());

/** A room of `count` records written by the real file store; the store is closed again. */
async function storeRoom(count: number): Promise<string> {
  const store = await createFileRoomStore(dir.path);
  const entries: LogEntry[] = [{ k: 'create', room: 'r1', t: T0, story: choiceStory() }];
  for (let i = 1; i < count; i++) entries.push({ k: 'input', input: { type: 'presence', t: T0 + i, actor: { sub: `v${i}`, role: 'viewer' }, action: 'join' } });
  await store.append('r1', entries.map(encodeLogEntry));
  await store.close();
  return join(dir.path, 'rooms', 'r1', 'log.seg');
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BackupError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('reading a room from a data directory for an export', () => {
  it('reads every record, and stops at a partial record at the end (an append in flight, or a torn tail)', async () => {
    const log = await storeRoom(5);
    expect((await readRoomFromDataDir(dir.path, 'r1')).records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    await appendFile(log, Buffer.from([40, 0, 0, 0, 1, 2, 3]));
    const content = await readRoomFromDataDir(dir.path, 'r1');
    expect(content.records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(content.snapshot).toBeUndefined();
  });

  it('refuses damage with acknowledged records after it, a foreign segment, a bad snapshot and a missing room', async () => {
    const log = await storeRoom(3);
    // A flipped byte in the first record, with more after it than any crash can tear (the batches in flight): damage.
    const handle = await open(log, 'r+');
    await handle.write(Buffer.from([0xff]), 0, 1, 16 + 8 + 2);
    await handle.close();
    await appendFile(log, Buffer.alloc(TORN_TAIL_LIMIT + 1024 * 1024));
    expect(await refusal(readRoomFromDataDir(dir.path, 'r1'))).toBe('bad-record');

    await writeFile(log, Buffer.from('not a segment at all'));
    expect(await refusal(readRoomFromDataDir(dir.path, 'r1'))).toBe('bad-record');

    await mkdir(join(dir.path, 'rooms', 'r2'), { recursive: true });
    await writeFile(join(dir.path, 'rooms', 'r2', 'snapshot.bin'), Buffer.from('bcsnap01 and then garbage'));
    expect(await refusal(readRoomFromDataDir(dir.path, 'r2'))).toBe('bad-snapshot');

    expect(await refusal(readRoomFromDataDir(dir.path, 'nope'))).toBe('not-found');
    expect(await refusal(readRoomFromDataDir(dir.path, '../r1'))).toBe('not-found');
  });
});
