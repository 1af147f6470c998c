/**
 * The in-memory RoomStore: the reference semantics of the contract, and a fast
 * stand-in for unit tests of callers. Nothing survives the process.
 */
import type { LogRecord, RoomSnapshotRecord, RoomStore } from './room-store.ts';
import { RoomStoreError } from './room-store-error.ts';
import { assertRoomId } from './room-id.ts';
import { assertRecords, assertSeq, assertSnapshot } from './store-arguments.ts';

interface MemoryRoom {
  /** records[i] has seq i + 1. */
  records: Uint8Array[];
  snapshot: RoomSnapshotRecord | undefined;
}

/** Creates an empty in-memory store. Data is copied in and out, so callers may reuse their buffers. */
export function createMemoryRoomStore(): RoomStore {
  const rooms = new Map<string, MemoryRoom>();
  let closed = false;

  function checkOpen(): void {
    if (closed) throw new RoomStoreError('closed', 'the room store is closed');
  }

  return {
    async append(room, records) {
      checkOpen();
      assertRoomId(room);
      assertRecords(records);
      if (records.length === 0) return [];
      let state = rooms.get(room);
      if (state === undefined) {
        state = { records: [], snapshot: undefined };
        rooms.set(room, state);
      }
      const seqs: number[] = [];
      for (const record of records) {
        state.records.push(record.slice());
        seqs.push(state.records.length);
      }
      return seqs;
    },

    async *read(room, afterSeq): AsyncGenerator<LogRecord> {
      checkOpen();
      assertRoomId(room);
      assertSeq(afterSeq, 'afterSeq');
      const state = rooms.get(room);
      if (state === undefined) return;
      // The array only grows while this room lives; a delete swaps in a new one.
      const records = state.records;
      for (let i = afterSeq; i < records.length; i++) {
        yield { seq: i + 1, data: (records[i] as Uint8Array).slice() };
      }
    },

    async writeSnapshot(room, snapshot) {
      checkOpen();
      assertRoomId(room);
      assertSnapshot(snapshot);
      const state = rooms.get(room) ?? { records: [], snapshot: undefined };
      if (snapshot.seq > state.records.length) {
        throw new RoomStoreError('snapshot-ahead', `snapshot seq ${snapshot.seq} is beyond the last record ${state.records.length} of room ${room}`);
      }
      state.snapshot = { seq: snapshot.seq, data: snapshot.data.slice() };
      rooms.set(room, state);
    },

    async latestSnapshot(room) {
      checkOpen();
      assertRoomId(room);
      const snapshot = rooms.get(room)?.snapshot;
      return snapshot === undefined ? undefined : { seq: snapshot.seq, data: snapshot.data.slice() };
    },

    async listRooms() {
      checkOpen();
      return [...rooms.keys()];
    },

    async deleteRoom(room) {
      checkOpen();
      assertRoomId(room);
      rooms.delete(room);
    },

    async close() {
      closed = true;
    },
  };
}
