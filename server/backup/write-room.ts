/**
 * Writes a verified room (room-backup.ts decoded and checked it first) into a
 * store, all or nothing, refusing a room id that exists.
 *
 * - A data directory: the room is written by a file store of its own in a
 *   staging directory beside the rooms, then renamed into place in one step.
 *   The staging name starts like a deletion's (`.deleting-`), so a crash
 *   mid-import leaves nothing that the next start does not sweep away. The
 *   caller holds the data directory (its LOCK, or it is the server holding it).
 * - Redis: the import takes the room's lease under its own name first, so no
 *   node takes the room over half-written; then it appends through a store
 *   fenced with that name, and hands the lease over, which makes the room due
 *   at once: the next sweep of any node (within about lease/3) opens it. A
 *   failure deletes what was written.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RoomLeases } from '../cluster/room-leases.ts';
import { fsyncDir } from '../disk/durable-write.ts';
import { DEFAULT_REDIS_PREFIX, redisKeys } from '../redis/keys.ts';
import { createFileRoomStore } from '../store/file-room-store.ts';
import { createRedisRoomStore } from '../store/redis-room-store.ts';
import type { RoomStore } from '../store/room-store.ts';
import { BackupError } from './backup-error.ts';
import type { RoomContent } from './room-backup.ts';

/** Records per append: bounded calls, whatever the log's length. */
const APPEND_CHUNK = 1000;
/** How long an import may hold a room's lease before a node may take the room anyway. */
const IMPORT_LEASE_MS = 10 * 60 * 1000;

/** Writes `content` as room `content.room` under `<dataDir>/rooms/`; BackupError `room-exists` if it is there. */
export async function writeRoomToDataDir(dataDir: string, content: RoomContent): Promise<void> {
  const roomsDir = join(dataDir, 'rooms');
  const target = join(roomsDir, content.room);
  await refuseExisting(target, content.room);
  await mkdir(roomsDir, { recursive: true });
  const staging = join(roomsDir, `.deleting-import-${randomBytes(6).toString('hex')}`);
  try {
    const store = await createFileRoomStore(staging);
    try {
      await fill(store, content);
    } finally {
      await store.close();
    }
    await refuseExisting(target, content.room);
    await rename(join(staging, 'rooms', content.room), target);
    await fsyncDir(roomsDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function refuseExisting(path: string, room: string): Promise<void> {
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (found) throw new BackupError('room-exists', `room ${room} already exists (${path}); import it under another id with --as NEWID, or delete it first`);
}

/** Writes `content` into a cluster's Redis; BackupError `room-exists` if the room has a log, a snapshot or an owner. */
export async function writeRoomToRedis(url: string, prefix: string | undefined, content: RoomContent, closed: boolean): Promise<void> {
  const keys = redisKeys(prefix ?? DEFAULT_REDIS_PREFIX);
  const importer = `backup-import-${randomBytes(6).toString('hex')}`;
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const { room } = content;
    if ((await redis.exists(keys.seq(room), keys.log(room), keys.snapshot(room))) > 0 || (await redis.sismember(keys.rooms, room)) === 1) {
      throw new BackupError('room-exists', `room ${room} already exists in Redis; import it under another id with --as NEWID`);
    }
    const leases = new RoomLeases(redis, keys, importer, IMPORT_LEASE_MS);
    if (!(await leases.acquire(room))) throw new BackupError('room-exists', `room ${room} is owned by a node; import it under another id with --as NEWID`);
    const store = await createRedisRoomStore({ url, prefix: prefix ?? DEFAULT_REDIS_PREFIX, nodeId: importer });
    try {
      await fill(store, content);
    } catch (error) {
      await store.deleteRoom(room).catch(() => undefined);
      await leases.release(room, 'done').catch(() => undefined);
      throw error;
    } finally {
      await store.close();
    }
    // A closed room needs no owner (the cluster keeps closed ones out of its sweeps).
    if (closed) await redis.sadd(keys.closedRooms, room);
    await leases.release(room, closed ? 'done' : 'handover');
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

/** Appends every record (checking the store gives them the backup's seqs) and then the snapshot. */
async function fill(store: RoomStore, content: RoomContent): Promise<void> {
  for (let i = 0; i < content.records.length; i += APPEND_CHUNK) {
    const chunk = content.records.slice(i, i + APPEND_CHUNK);
    const seqs = await store.append(content.room, chunk.map((record) => record.data));
    if (seqs.some((seq, k) => seq !== chunk[k]?.seq)) throw new Error(`room ${content.room}: the store numbered the records ${seqs[0]}.., not ${chunk[0]?.seq}..`);
  }
  if (content.snapshot) await store.writeSnapshot(content.room, content.snapshot);
}
