/**
 * Why a RoomStore call failed:
 * - `invalid-room-id`: the id does not match ROOM_ID_PATTERN (room-id.ts);
 * - `invalid-argument`: a negative or fractional seq, a non-binary record;
 * - `record-too-large`: a record over MAX_RECORD_BYTES;
 * - `snapshot-ahead`: a snapshot's seq is beyond the last durable record;
 * - `conflict`: another writer appended to the room (multi-writer adapters
 *   such as Redis, where it means this process lost the room's lease);
 * - `corrupt`: stored bytes fail their checksum outside a recoverable torn tail;
 * - `io`: the disk or server failed; `cause` holds the underlying error;
 * - `closed`: the store was closed.
 */
export type RoomStoreErrorCode =
  | 'invalid-room-id'
  | 'invalid-argument'
  | 'record-too-large'
  | 'snapshot-ahead'
  | 'conflict'
  | 'corrupt'
  | 'io'
  | 'closed';

/** The one error type a RoomStore rejects with. */
export class RoomStoreError extends Error {
  override name = 'RoomStoreError';
  readonly code: RoomStoreErrorCode;

  constructor(code: RoomStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
