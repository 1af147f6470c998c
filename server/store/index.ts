/** Durable room logs and snapshots: the RoomStore interface, its adapters, and the contract every adapter passes. */
export { MAX_RECORD_BYTES, type LogRecord, type RoomSnapshotRecord, type RoomStore } from './room-store.ts';
export { RoomStoreError, type RoomStoreErrorCode } from './room-store-error.ts';
export { ROOM_ID_PATTERN, isValidRoomId, assertRoomId } from './room-id.ts';
export { createMemoryRoomStore } from './memory-room-store.ts';
export { createFileRoomStore, type FileRoomStoreOptions, type CommitInfo, type RecoveryReport } from './file-room-store.ts';
