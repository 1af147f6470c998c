/**
 * Argument checks every adapter runs first, so they all reject bad input
 * with the same RoomStoreError codes (and JavaScript callers get a typed
 * error instead of a TypeError from deep inside an adapter).
 */
import { MAX_RECORD_BYTES, type RoomSnapshotRecord } from './room-store.ts';
import { RoomStoreError } from './room-store-error.ts';

/** Throws unless `records` is an array of Uint8Arrays each within MAX_RECORD_BYTES. */
export function assertRecords(records: unknown): asserts records is readonly Uint8Array[] {
  if (!Array.isArray(records)) throw new RoomStoreError('invalid-argument', 'records must be an array of Uint8Array');
  for (let i = 0; i < records.length; i++) {
    const record: unknown = records[i];
    if (!(record instanceof Uint8Array)) throw new RoomStoreError('invalid-argument', `record ${i} is not a Uint8Array`);
    if (record.byteLength > MAX_RECORD_BYTES) {
      throw new RoomStoreError('record-too-large', `record ${i} has ${record.byteLength} bytes; the limit is ${MAX_RECORD_BYTES}`);
    }
  }
}

/** Throws unless `seq` is a non-negative safe integer. */
export function assertSeq(seq: unknown, what: string): asserts seq is number {
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw new RoomStoreError('invalid-argument', `${what} must be a non-negative integer, got ${String(seq)}`);
  }
}

/** Throws unless `snapshot` has a valid seq and binary data within MAX_RECORD_BYTES. */
export function assertSnapshot(snapshot: unknown): asserts snapshot is RoomSnapshotRecord {
  if (typeof snapshot !== 'object' || snapshot === null) throw new RoomStoreError('invalid-argument', 'snapshot must be {seq, data}');
  const { seq, data } = snapshot as Partial<RoomSnapshotRecord>;
  assertSeq(seq, 'snapshot.seq');
  assertRecords([data]);
}
