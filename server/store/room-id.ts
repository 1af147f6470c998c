import { randomBytes } from 'node:crypto';
import { RoomStoreError } from './room-store-error.ts';

/**
 * Room ids name directories (and Redis keys), so they are restricted to a
 * charset that can never be `.`/`..`, contain a separator, or collide with the
 * store's own dot-prefixed working names.
 */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `room` is a usable room id. */
export function isValidRoomId(room: unknown): room is string {
  return typeof room === 'string' && ROOM_ID_PATTERN.test(room);
}

/** Throws `RoomStoreError('invalid-room-id')` unless `room` is a usable room id. */
export function assertRoomId(room: unknown): asserts room is string {
  if (!isValidRoomId(room)) {
    throw new RoomStoreError('invalid-room-id', `invalid room id ${JSON.stringify(String(room)).slice(0, 80)}: expected ${ROOM_ID_PATTERN.source}`);
  }
}

/**
 * A fresh random room id (64 bits, base64url). Never starting with '-': an id
 * like '-y6EM830eTQ' reads as an option on a command line (`branchcast rooms
 * export -y6EM830eTQ` failed so, found by a test's random id).
 */
export function newRoomId(): string {
  const id = randomBytes(8).toString('base64url');
  return id.startsWith('-') ? `x${id.slice(1)}` : id;
}
