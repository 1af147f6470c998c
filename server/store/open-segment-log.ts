/**
 * Opens (or creates) a room's log segment and runs crash recovery on it.
 */
import { constants } from 'node:fs';
import { mkdir, open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDir, isTempFileName, writeFileAtomic } from '../disk/durable-write.ts';
import { RoomStoreError } from './room-store-error.ts';
import { recoverSegment } from './recover-segment.ts';
import { encodeSegmentHeader } from './segment-frame.ts';
import { createSegmentLog, type CommitInfo, type SegmentLog } from './segment-log.ts';
import type { FrameProblem } from './read-frames.ts';

/**
 * Where the platform has O_DSYNC (Linux, macOS), the segment is opened with it:
 * a write then returns only once its data (and the size that reaches it) is on
 * the disk, as write + fdatasync would, so a group commit is one thread-pool
 * hop instead of two. On a busy machine each hop waits in the run queue, and
 * an HTTP vote's answer waits for the whole commit (issue 18). Elsewhere the
 * log writes, then calls datasync.
 */
const SYNCED_WRITE_FLAGS = constants.O_DSYNC === undefined ? undefined : constants.O_RDWR | constants.O_DSYNC;
const openForAppend = (path: string): Promise<FileHandle> => open(path, SYNCED_WRITE_FLAGS ?? 'r+');

/** The segment's file name inside `<dataDir>/rooms/<room>/`. */
export const SEGMENT_FILE = 'log.seg';

/** What opening a room's log found; `truncatedBytes > 0` means a torn tail was cut off. */
export interface RecoveryReport {
  room: string;
  records: number;
  truncatedBytes: number;
  problem: FrameProblem | undefined;
}

export interface OpenSegmentOptions {
  /** Create the room's directory and an empty segment when there is none. */
  create: boolean;
  onCommit: ((info: CommitInfo) => void) | undefined;
  onRecover: ((report: RecoveryReport) => void) | undefined;
}

/** The room's open log, or undefined when it has none and `create` is false. */
export async function openSegmentLog(room: string, roomDir: string, options: OpenSegmentOptions): Promise<SegmentLog | undefined> {
  const path = join(roomDir, SEGMENT_FILE);
  const describe = `room ${room} (${path})`;
  let handle: FileHandle;
  try {
    handle = await openExisting(path, roomDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new RoomStoreError('io', `${describe}: opening the log failed`, { cause: error });
    if (!options.create) return undefined;
    try {
      handle = await createSegment(path, roomDir);
    } catch (cause) {
      throw new RoomStoreError('io', `${describe}: creating the log failed`, { cause });
    }
  }
  try {
    const { size } = await handle.stat();
    const recovered = await recoverSegment(handle, size, describe);
    options.onRecover?.({ room, records: recovered.count, truncatedBytes: recovered.truncatedBytes, problem: recovered.problem });
    return createSegmentLog(room, path, handle, recovered, options.onCommit, SYNCED_WRITE_FLAGS !== undefined);
  } catch (error) {
    await handle.close().catch(() => undefined);
    if (error instanceof RoomStoreError) throw error;
    throw new RoomStoreError('io', `${describe}: recovering the log failed`, { cause: error });
  }
}

async function openExisting(path: string, roomDir: string): Promise<FileHandle> {
  const handle = await openForAppend(path);
  // Temp files a crash left mid-snapshot: never renamed, so never meant to exist.
  for (const name of await readdir(roomDir)) {
    if (isTempFileName(name)) await unlink(join(roomDir, name)).catch(() => undefined);
  }
  return handle;
}

async function createSegment(path: string, roomDir: string): Promise<FileHandle> {
  if ((await mkdir(roomDir, { recursive: true })) !== undefined) await fsyncDir(dirname(roomDir));
  // temp + rename: a crash never leaves a segment with a torn header.
  await writeFileAtomic(path, [encodeSegmentHeader(1)]);
  return openForAppend(path);
}
