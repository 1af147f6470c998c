/**
 * Reads one room's log and snapshot for an export, without writing anything,
 * so it is safe next to a running server:
 *
 * - A data directory is read directly, not through the file store: opening
 *   the store runs crash recovery, which may truncate a log's tail and would
 *   race a live server appending to it. The snapshot is read first (it is
 *   replaced by rename, so it is whole), then the log up to its last whole
 *   frame; the log only grows, so it always reaches the snapshot's seq. A bad
 *   frame within a batch's reach of the end is a write in flight (or a torn
 *   tail a restart will cut) and ends the read; one further back is damage.
 * - Redis is read through an unfenced room store, which only reads here.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { TORN_TAIL_LIMIT } from '../store/recover-segment.ts';
import { FrameError, readFrames } from '../store/read-frames.ts';
import { createRedisRoomStore } from '../store/redis-room-store.ts';
import { isValidRoomId } from '../store/room-id.ts';
import type { LogRecord } from '../store/room-store.ts';
import { RoomStoreError } from '../store/room-store-error.ts';
import { SEGMENT_HEADER_BYTES, parseSegmentHeader } from '../store/segment-frame.ts';
import { readSnapshotFile } from '../store/snapshot-file.ts';
import { BackupError } from './backup-error.ts';
import type { RoomContent } from './room-backup.ts';

/** The room's content in `<dataDir>/rooms/<room>/`; BackupError `not-found` when there is none. */
export async function readRoomFromDataDir(dataDir: string, room: string): Promise<RoomContent> {
  checkId(room);
  const dir = join(dataDir, 'rooms', room);
  let snapshot;
  try {
    snapshot = await readSnapshotFile(join(dir, 'snapshot.bin'), `room ${room}`);
  } catch (error) {
    if (error instanceof RoomStoreError && error.code === 'corrupt') throw new BackupError('bad-snapshot', error.message, { cause: error });
    throw error;
  }
  const records = await readSegment(join(dir, 'log.seg'), room);
  if (records.length === 0 && snapshot === undefined) throw new BackupError('not-found', `no room ${room} in ${dataDir}`);
  return { room, snapshot, records };
}

async function readSegment(path: string, room: string): Promise<LogRecord[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: LogRecord[] = [];
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(SEGMENT_HEADER_BYTES);
    const { bytesRead } = await handle.read(header, 0, SEGMENT_HEADER_BYTES, 0);
    const baseSeq = bytesRead === SEGMENT_HEADER_BYTES ? parseSegmentHeader(header) : undefined;
    if (baseSeq === undefined) throw new BackupError('bad-record', `room ${room}: ${path} is not a branchcast log segment`);
    try {
      for await (const frame of readFrames(handle, SEGMENT_HEADER_BYTES, size)) records.push({ seq: baseSeq + records.length, data: new Uint8Array(frame.payload) });
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      if (size - error.offset > TORN_TAIL_LIMIT) throw new BackupError('bad-record', `room ${room}: ${error.message} in ${path}, with acknowledged records after it`, { cause: error });
    }
  } finally {
    await handle.close();
  }
  return records;
}

/** The room's content in a cluster's Redis; BackupError `not-found` when there is none. */
export async function readRoomFromRedis(url: string, prefix: string | undefined, room: string): Promise<RoomContent> {
  checkId(room);
  const store = await createRedisRoomStore({ url, ...(prefix === undefined ? {} : { prefix }) });
  try {
    const snapshot = await store.latestSnapshot(room);
    const records: LogRecord[] = [];
    for await (const record of store.read(room, 0)) records.push(record);
    if (records.length === 0 && snapshot === undefined) throw new BackupError('not-found', `no room ${room} in Redis`);
    return { room, snapshot, records };
  } finally {
    await store.close();
  }
}

function checkId(room: string): void {
  if (!isValidRoomId(room)) throw new BackupError('not-found', `invalid room id ${JSON.stringify(room).slice(0, 80)}`);
}
