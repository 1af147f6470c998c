/**
 * Export and import as the CLI and the API run them: where a room lives (a
 * data directory or a cluster's Redis), read or written with the checks of
 * room-backup.ts in between. An import decodes and verifies the whole file
 * before it opens anything to write.
 */
import { packageVersion } from '../version.ts';
import { readRoomFromDataDir, readRoomFromRedis } from './read-room.ts';
import { decodeRoomBackupSteps, encodeRoomBackupSteps, renameRoom, type BackupMeta, type DecodedBackup, type Steps } from './room-backup.ts';
import { writeRoomToDataDir, writeRoomToRedis } from './write-room.ts';

/** Where rooms live: one machine's data directory, or a cluster's Redis (with its key prefix). */
export type RoomLocation = { kind: 'data'; dir: string } | { kind: 'redis'; url: string; prefix?: string | undefined };

/** The .bcr bytes of `room`; BackupError `not-found` when there is no such room, or another code when its stored content is damaged. */
export async function exportRoom(location: RoomLocation, room: string, now: Date): Promise<Buffer> {
  const content = location.kind === 'data' ? await readRoomFromDataDir(location.dir, room) : await readRoomFromRedis(location.url, location.prefix, room);
  return runBetweenOtherWork(encodeRoomBackupSteps(content, now, `branchcast ${packageVersion()}`));
}

/**
 * Runs the checks a slice at a time, letting the event loop serve between
 * slices: on a live server, folding a long log must not stall every room.
 */
async function runBetweenOtherWork<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** What an import wrote: the room's id (the backup's, or `as`) and the backup's metadata. */
export interface ImportedRoom {
  room: string;
  meta: BackupMeta;
}

/** Verifies a whole .bcr file (decodeRoomBackup): rejects with BackupError for a damaged one. Nothing is written. */
export function verifyBackup(bytes: Uint8Array): Promise<DecodedBackup> {
  return runBetweenOtherWork(decodeRoomBackupSteps(bytes));
}

/**
 * Writes a verified backup's room (as `as` when given). Throws BackupError,
 * having written nothing, when the room exists.
 */
export async function importRoom(location: RoomLocation, decoded: DecodedBackup, as?: string): Promise<ImportedRoom> {
  const content = as === undefined || as === decoded.meta.room ? decoded.content : renameRoom(decoded.content, as);
  if (location.kind === 'data') await writeRoomToDataDir(location.dir, content);
  else await writeRoomToRedis(location.url, location.prefix, content, decoded.closed);
  return { room: content.room, meta: decoded.meta };
}
