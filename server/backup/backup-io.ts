/**
 * Export and import as the CLI and the API run them: where a room lives (a
 * data directory or a cluster's Redis), read or written with the checks of
 * room-backup.ts in between. An import decodes and verifies the whole file
 * before it opens anything to write.
 */
import { packageVersion } from '../version.ts';
import { readRoomFromDataDir, readRoomFromRedis } from './read-room.ts';
import { decodeRoomBackup, encodeRoomBackup, renameRoom, type BackupMeta, type DecodedBackup } from './room-backup.ts';
import { writeRoomToDataDir, writeRoomToRedis } from './write-room.ts';

/** Where rooms live: one machine's data directory, or a cluster's Redis (with its key prefix). */
export type RoomLocation = { kind: 'data'; dir: string } | { kind: 'redis'; url: string; prefix?: string | undefined };

/** The .bcr bytes of `room`; BackupError `not-found` when there is no such room, or another code when its stored content is damaged. */
export async function exportRoom(location: RoomLocation, room: string, now: Date): Promise<Buffer> {
  const content = location.kind === 'data' ? await readRoomFromDataDir(location.dir, room) : await readRoomFromRedis(location.url, location.prefix, room);
  return encodeRoomBackup(content, now, `branchcast ${packageVersion()}`);
}

/** What an import wrote: the room's id (the backup's, or `as`) and the backup's metadata. */
export interface ImportedRoom {
  room: string;
  meta: BackupMeta;
}

/** Verifies a whole .bcr file (decodeRoomBackup): throws BackupError for a damaged one. Nothing is written. */
export const verifyBackup = decodeRoomBackup;

/**
 * Writes a verified backup's room (as `as` when given). Throws BackupError,
 * having written nothing, when the room exists.
 */
export async function importRoom(location: RoomLocation, decoded: DecodedBackup, as?: string): Promise<ImportedRoom> {
  const content = as === undefined || as === decoded.meta.room ? decoded.content : renameRoom(decoded.content, as);
  if (location.kind === 'data') await writeRoomToDataDir(location.dir, content);
  else await writeRoomToRedis(location.url, location.prefix, content);
  return { room: content.room, meta: decoded.meta };
}
