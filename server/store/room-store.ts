/**
 * The durable home of every room: an append-only event log plus the latest
 * snapshot. The room actor is a fold of its log (docs/architecture.md,
 * "Persistence and scale-out"), so this interface is all a restart or a failover needs.
 *
 * Adapters: `createFileRoomStore` (embedded default, one machine),
 * `createMemoryRoomStore` (reference semantics, tests) and
 * `createRedisRoomStore` (redis-room-store.ts, issue 8: Redis Streams, shared
 * by a cluster, fenced by the room's lease). Every adapter passes
 * `describeRoomStoreContract` in room-store.contract.ts.
 *
 * Mapping to Redis Streams: a record's seq becomes an explicit stream id
 * (`0-<seq>`), so XADD itself refuses a second writer that reuses a seq: a
 * process that lost the room's lease gets `conflict` instead of forking the log.
 *
 * Failures reject with `RoomStoreError` (room-store-error.ts).
 */

/** One durable record of a room's event log. `seq` is assigned by the store, starting at 1, gap-free per room. */
export interface LogRecord {
  seq: number;
  data: Uint8Array;
}

/** A fold of a room's log up to and including `seq` (0 = nothing folded). */
export interface RoomSnapshotRecord {
  seq: number;
  data: Uint8Array;
}

export interface RoomStore {
  /**
   * Appends `records` in order and resolves with their seqs once they are
   * durable. Concurrent calls for one room are group-committed (one write, one
   * fsync); their seqs follow call order. An empty array resolves to `[]`.
   * Rejects with `record-too-large` (nothing appended) for a record over
   * `MAX_RECORD_BYTES`.
   */
  append(room: string, records: readonly Uint8Array[]): Promise<number[]>;
  /**
   * Records with seq > `afterSeq`, in order, streamed (a room may hold 1e6).
   * Yields only durable records: those acknowledged when iteration starts, and
   * possibly later ones. Nothing for an unknown room.
   */
  read(room: string, afterSeq: number): AsyncIterable<LogRecord>;
  /**
   * Replaces the room's snapshot durably and atomically. Rejects with
   * `snapshot-ahead` when `snapshot.seq` is beyond the last durable record,
   * because a snapshot must describe a state the log can vouch for.
   */
  writeSnapshot(room: string, snapshot: RoomSnapshotRecord): Promise<void>;
  latestSnapshot(room: string): Promise<RoomSnapshotRecord | undefined>;
  /** Rooms holding at least one record or a snapshot, in no particular order. */
  listRooms(): Promise<string[]>;
  /** Removes the log and snapshot; a later append starts again at seq 1. */
  deleteRoom(room: string): Promise<void>;
  /** Waits for in-flight appends, then releases files; later calls reject with `closed`. */
  close(): Promise<void>;
}

/**
 * The largest record any adapter accepts. Room events are small; the cap keeps
 * a corrupt length field or a hostile caller from demanding gigabytes, and
 * stays far below Redis's 512 MB value limit.
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;
