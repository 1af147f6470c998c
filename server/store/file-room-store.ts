/**
 * The embedded RoomStore: one directory per room under `<dataDir>/rooms/`,
 * holding an append-only, checksummed log segment (`log.seg`, framing in
 * segment-frame.ts) and the latest snapshot (`snapshot.bin`).
 *
 * - Durability: an append resolves after its batch is fsynced (group commit,
 *   segment-log.ts). A crash tears at most the unacknowledged last batch;
 *   recovery truncates it the first time the room is opened
 *   (recover-segment.ts). Records of one append are not atomic under a crash:
 *   a prefix of an unacknowledged append may survive, so keep what must stand
 *   or fall together in one record.
 * - Rooms open lazily (first use), so startup does not scan every log. An
 *   opened room keeps one file descriptor until it is deleted or the store
 *   closes (no idle eviction yet).
 * - One process per data directory: the store itself takes no lock; `branchcast
 *   serve` holds data-dir-lock.ts's LOCK file while it runs.
 * - Compaction is not done yet: the segment keeps every record. Its header
 *   carries a base seq, so a later compactor can start a new segment after a
 *   snapshot and drop the old one; reads before that base would then fail.
 */
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fsyncDir, writeFileAtomic } from '../disk/durable-write.ts';
import { createKeyedSerialQueue } from './keyed-serial-queue.ts';
import { openSegmentLog, SEGMENT_FILE, type RecoveryReport } from './open-segment-log.ts';
import { FrameError, readFrames } from './read-frames.ts';
import type { LogRecord, RoomStore } from './room-store.ts';
import { RoomStoreError } from './room-store-error.ts';
import { assertRoomId, isValidRoomId } from './room-id.ts';
import { SEGMENT_HEADER_BYTES } from './segment-frame.ts';
import { LogRetiredError, type CommitInfo, type SegmentLog } from './segment-log.ts';
import { encodeSnapshot, readSnapshotFile } from './snapshot-file.ts';
import { assertRecords, assertSeq, assertSnapshot } from './store-arguments.ts';

export type { CommitInfo } from './segment-log.ts';
export type { RecoveryReport } from './open-segment-log.ts';

export interface FileRoomStoreOptions {
  /** After every group commit: feed an fsync-latency histogram and batch-size metrics. */
  onCommit?: (info: CommitInfo) => void;
  /** When a room's log is opened (first use after start); log `truncatedBytes > 0` for operators. */
  onRecover?: (report: RecoveryReport) => void;
}

const SNAPSHOT_FILE = 'snapshot.bin';
/** Prefix of a room directory being deleted: not a valid room id, so never listed. */
const DELETING_PREFIX = '.deleting-';

/** Opens the store under `<dataDir>/rooms/`, creating it, and finishes deletions a crash interrupted. */
export async function createFileRoomStore(dataDir: string, options: FileRoomStoreOptions = {}): Promise<RoomStore> {
  const roomsDir = join(dataDir, 'rooms');
  try {
    if ((await mkdir(roomsDir, { recursive: true })) !== undefined) await fsyncDir(dataDir);
    for (const name of await readdir(roomsDir)) {
      if (name.startsWith(DELETING_PREFIX)) await rm(join(roomsDir, name), { recursive: true, force: true });
    }
  } catch (cause) {
    throw new RoomStoreError('io', `cannot open the room store at ${roomsDir}`, { cause });
  }

  const logs = new Map<string, SegmentLog>();
  const queue = createKeyedSerialQueue();
  let closed = false;
  const roomDir = (room: string): string => join(roomsDir, room);

  function checkOpen(): void {
    if (closed) throw new RoomStoreError('closed', 'the room store is closed');
  }

  /** Call only inside a queue task for `room`: the open log, opening (and recovering) it first. */
  async function ensureLog(room: string, create: boolean): Promise<SegmentLog | undefined> {
    const open = logs.get(room);
    if (open !== undefined) return open;
    const log = await openSegmentLog(room, roomDir(room), { create, onCommit: options.onCommit, onRecover: options.onRecover });
    if (log !== undefined) logs.set(room, log);
    return log;
  }

  async function logFor(room: string, create: boolean): Promise<SegmentLog | undefined> {
    return logs.get(room) ?? (await queue.run(room, () => ensureLog(room, create)));
  }

  /** Appends on the general path that have not queued in their log yet, per room. */
  const unqueued = new Map<string, number>();
  const countUnqueued = (room: string, delta: number): void => {
    const n = (unqueued.get(room) ?? 0) + delta;
    if (n === 0) unqueued.delete(room);
    else unqueued.set(room, n);
  };

  /** The general path: opens the log first, and looks again if it retired meanwhile. */
  async function appendOpening(room: string, records: readonly Uint8Array[]): Promise<number[]> {
    for (;;) {
      let appended: Promise<number[]>;
      countUnqueued(room, 1);
      try {
        checkOpen();
        const log = (await logFor(room, true)) as SegmentLog;
        appended = log.append(records);
      } finally {
        countUnqueued(room, -1);
      }
      try {
        return await appended;
      } catch (error) {
        // The room was deleted (or the store closed) between lookup and append: look again.
        if (!(error instanceof LogRetiredError)) throw error;
      }
    }
  }

  return {
    append(room, records) {
      try {
        checkOpen();
        assertRoomId(room);
        assertRecords(records);
      } catch (error) {
        return Promise.reject(error);
      }
      if (records.length === 0) return Promise.resolve([]);
      // Hot path (every logged input of a live room): the log is open, and no open,
      // snapshot or delete of the room and no earlier general-path append is
      // pending, so it queues with no async hop. Otherwise it takes the general
      // path too, so seqs still follow call order.
      const log = logs.get(room);
      if (log === undefined || queue.busy(room) || unqueued.has(room)) return appendOpening(room, records);
      return log.append(records).catch((error: unknown) => {
        if (error instanceof LogRetiredError) return appendOpening(room, records);
        throw error;
      });
    },

    async *read(room, afterSeq): AsyncGenerator<LogRecord> {
      checkOpen();
      assertRoomId(room);
      assertSeq(afterSeq, 'afterSeq');
      const plan = (await logFor(room, false))?.readPlan(afterSeq);
      if (plan === undefined) return;
      let handle;
      try {
        // Its own handle: a concurrent delete or close must not pull the file from under this reader.
        handle = await open(plan.path, 'r');
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw new RoomStoreError('io', `room ${room}: opening the log for reading failed`, { cause });
      }
      try {
        let seq = plan.seq;
        for await (const frame of readFrames(handle, plan.offset, plan.end)) {
          if (seq > afterSeq) yield { seq, data: new Uint8Array(frame.payload) };
          seq++;
        }
      } catch (error) {
        if (error instanceof FrameError) throw new RoomStoreError('corrupt', `room ${room}: ${error.message} in ${plan.path}`, { cause: error });
        throw new RoomStoreError('io', `room ${room}: reading the log failed`, { cause: error });
      } finally {
        await handle.close();
      }
    },

    async writeSnapshot(room, snapshot) {
      checkOpen();
      assertRoomId(room);
      assertSnapshot(snapshot);
      await queue.run(room, async () => {
        const last = (await ensureLog(room, false))?.durableSeq() ?? 0;
        if (snapshot.seq > last) {
          throw new RoomStoreError('snapshot-ahead', `snapshot seq ${snapshot.seq} is beyond the last record ${last} of room ${room}`);
        }
        try {
          if ((await mkdir(roomDir(room), { recursive: true })) !== undefined) await fsyncDir(roomsDir);
          await writeFileAtomic(join(roomDir(room), SNAPSHOT_FILE), encodeSnapshot(snapshot));
        } catch (cause) {
          throw new RoomStoreError('io', `room ${room}: writing the snapshot failed`, { cause });
        }
      });
    },

    async latestSnapshot(room) {
      checkOpen();
      assertRoomId(room);
      return readSnapshotFile(join(roomDir(room), SNAPSHOT_FILE), `room ${room}`);
    },

    async listRooms() {
      checkOpen();
      let names: string[];
      try {
        names = await readdir(roomsDir);
      } catch (cause) {
        throw new RoomStoreError('io', `listing ${roomsDir} failed`, { cause });
      }
      const listed = await Promise.all(names.filter(isValidRoomId).map(async (room) => ((await hasContent(roomDir(room))) ? room : undefined)));
      return listed.filter((room): room is string => room !== undefined);
    },

    async deleteRoom(room) {
      checkOpen();
      assertRoomId(room);
      await queue.run(room, async () => {
        const log = logs.get(room);
        logs.delete(room);
        try {
          await log?.close();
          // Rename first: one atomic step makes the room vanish; a crash mid-rm leaves
          // only a dot-prefixed directory that the next open sweeps away.
          const doomed = join(roomsDir, `${DELETING_PREFIX}${room}-${randomBytes(4).toString('hex')}`);
          try {
            await rename(roomDir(room), doomed);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
            throw error;
          }
          await fsyncDir(roomsDir);
          await rm(doomed, { recursive: true, force: true });
        } catch (cause) {
          throw new RoomStoreError('io', `room ${room}: deleting failed`, { cause });
        }
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      await queue.idle();
      const open = [...logs.values()];
      logs.clear();
      await Promise.all(open.map((log) => log.close()));
    },
  };
}

/** A room is listed once it holds a record or a snapshot (a crash can leave an empty directory). */
async function hasContent(dir: string): Promise<boolean> {
  const size = async (name: string): Promise<number> => (await stat(join(dir, name)).catch(() => undefined))?.size ?? 0;
  return (await size(SEGMENT_FILE)) > SEGMENT_HEADER_BYTES || (await size(SNAPSHOT_FILE)) > 0;
}
