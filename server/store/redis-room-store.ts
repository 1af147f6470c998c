/**
 * The Redis Streams RoomStore (issue 8): rooms live in one Redis primary under
 * the key layout of server/redis/keys.ts, so any node of a cluster can
 * take a room over.
 *
 * - Appends: one Lua script per group commit (redis/store-scripts.ts) checks the
 *   fence, assigns seqs with INCRBY, XADDs each record as stream entry
 *   `0-<seq>`, optionally PUBLISHes it, and registers the room. Appends queued
 *   behind an in-flight commit of the same room share the next script call
 *   (room-lanes.ts). An append's records are atomic: all of them or none.
 * - Fence: with `nodeId`, writes succeed only while the room's owner key holds
 *   that id, checked inside the script, so a node that lost its lease gets
 *   `conflict` instead of forking the log.
 * - Durability is Redis's: an acknowledged append is in Redis memory, and
 *   survives a Redis restart only as far as its AOF/RDB settings allow.
 * - `io` on an append means the outcome is unknown (the reply was lost, or the
 *   command timed out): the records may be in the log. The connection never
 *   resends (redis/store-connection.ts); a caller that retries must first read the
 *   log to see whether the records landed.
 */
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { DEFAULT_REDIS_PREFIX, redisKeys } from '../redis/keys.ts';
import { describeMessage, readRecordMessage } from '../redis/record-message.ts';
import { connectStoreRedis } from '../redis/store-connection.ts';
import { CONFLICT_REPLY, SNAPSHOT_AHEAD_REPLY, defineStoreScripts } from '../redis/store-scripts.ts';
import { createRoomLanes } from './room-lanes.ts';
import type { LogRecord, RoomStore } from './room-store.ts';
import { RoomStoreError } from './room-store-error.ts';
import { assertRoomId, isValidRoomId } from './room-id.ts';
import { assertRecords, assertSeq, assertSnapshot } from './store-arguments.ts';

/** Parses a records-channel message (a Buffer from ioredis 'messageBuffer'). Throws `corrupt` on anything else. */
export function parseRecordMessage(message: Buffer): LogRecord {
  const record = readRecordMessage(message);
  if (record === undefined) throw new RoomStoreError('corrupt', `not a records message: ${describeMessage(message)}`);
  return record;
}

export interface RedisRoomStoreOptions {
  /** redis://host:port */
  url: string;
  /** Key prefix (default DEFAULT_REDIS_PREFIX); every key comes from redisKeys(prefix). */
  prefix?: string;
  /** Fence: appends and snapshots succeed only while the room's owner key equals this id; otherwise `conflict`. */
  nodeId?: string;
  /** Publish each appended record on the room's records channel as `<seq> <bytes>`, inside the append script. */
  publish?: boolean;
  /**
   * With `publish`: the form a record is published in, when not the record
   * itself (undefined). A cluster publishes a vote batch as its time only:
   * followers fold no votes (server/cluster/record-entry.ts followerForm).
   */
  publishAs?: (record: Uint8Array) => Uint8Array | undefined;
  /** After every group commit: feed a latency histogram and batch-size metrics. */
  onCommit?: (info: { room: string; records: number; ms: number }) => void;
}

/** Bounds one script's arguments, and how long it holds Redis's single thread. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const MAX_BATCH_RECORDS = 4096;
/** XRANGE page sizes: entries per page adapt to record size, aiming at about READ_PAGE_BYTES per reply. */
const READ_PAGE_MIN = 16;
const READ_PAGE_START = 128;
const READ_PAGE_MAX = 512;
const READ_PAGE_BYTES = 4 * 1024 * 1024;
const ENTRY_ID = /^0-([1-9][0-9]{0,15})$/;

/** Connects to Redis and resolves once ready; rejects with `io` when it cannot connect. */
export async function createRedisRoomStore(options: RedisRoomStoreOptions): Promise<RoomStore> {
  const keys = redisKeys(options.prefix ?? DEFAULT_REDIS_PREFIX);
  const fence = options.nodeId ?? '';
  if (options.nodeId !== undefined && (typeof options.nodeId !== 'string' || options.nodeId === '')) {
    throw new RoomStoreError('invalid-argument', 'nodeId must be a non-empty string');
  }
  const publishAs = options.publish === true ? options.publishAs : undefined;
  const publish = options.publish === true ? (publishAs ? '2' : '1') : '';
  const connected = await connectStoreRedis(options.url).catch((cause: unknown) => {
    throw new RoomStoreError('io', cause instanceof Error ? cause.message : String(cause), { cause });
  });
  const redis = defineStoreScripts(connected);
  let closed = false;
  let closing: Promise<void> | undefined;

  function checkOpen(): void {
    if (closed) throw new RoomStoreError('closed', 'the room store is closed');
  }

  /** Maps a failed Redis call to the store's error. */
  function storeError(cause: unknown, what: string): RoomStoreError {
    if (cause instanceof RoomStoreError) return cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    if (message.startsWith(CONFLICT_REPLY)) return new RoomStoreError('conflict', `${what}: ${message}`, { cause });
    if (message.startsWith(SNAPSHOT_AHEAD_REPLY)) return new RoomStoreError('snapshot-ahead', `${what}: ${message}`, { cause });
    if (closed && redis.status === 'end') return new RoomStoreError('closed', `${what}: the room store is closed`, { cause });
    return new RoomStoreError('io', `${what}: Redis failed: ${message}`, { cause });
  }

  async function call<T>(what: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (cause) {
      throw storeError(cause, what);
    }
  }

  const lanes = createRoomLanes({
    maxBatchBytes: MAX_BATCH_BYTES,
    maxBatchRecords: MAX_BATCH_RECORDS,
    async commit(room, records) {
      const started = performance.now();
      const first = await call(`room ${room}: append`, () =>
        redis.branchcastAppend(keys.seq(room), keys.log(room), keys.rooms, keys.owner(room), keys.records(room), fence, publish, room, ...records, ...(publishAs ? records.map(publishedForm) : [])),
      );
      try {
        options.onCommit?.({ room, records: records.length, ms: performance.now() - started });
      } catch {
        // A metrics hook must not fail an append that Redis already holds.
      }
      return Number(first);
    },
  });

  return {
    async append(room, records) {
      checkOpen();
      assertRoomId(room);
      assertRecords(records);
      if (records.length === 0) return [];
      // Copy now: the caller may reuse its buffers before the batch is sent.
      return lanes.append(room, records.map((record) => withPublishedForm(record, publishAs)));
    },

    async *read(room, afterSeq): AsyncGenerator<LogRecord> {
      checkOpen();
      assertRoomId(room);
      assertSeq(afterSeq, 'afterSeq');
      let after = afterSeq;
      let count = READ_PAGE_START;
      for (;;) {
        checkOpen();
        const page = await call(`room ${room}: read`, () => redis.xrangeBuffer(keys.log(room), `(0-${after}`, '+', 'COUNT', count));
        let bytes = 0;
        for (const [id, fields] of page) {
          const record = parseEntry(room, id, fields);
          bytes += record.data.length;
          after = record.seq;
          yield record;
        }
        if (page.length < count) return;
        count = Math.max(READ_PAGE_MIN, Math.min(READ_PAGE_MAX, Math.floor((READ_PAGE_BYTES * page.length) / Math.max(bytes, 1))));
      }
    },

    async writeSnapshot(room, snapshot) {
      checkOpen();
      assertRoomId(room);
      assertSnapshot(snapshot);
      const data = Buffer.from(snapshot.data);
      // In the room's lane: a snapshot called after an append is checked against it.
      await lanes.run(room, () =>
        call(`room ${room}: snapshot`, () =>
          redis.branchcastSnapshot(keys.seq(room), keys.snapshot(room), keys.rooms, keys.owner(room), fence, String(snapshot.seq), data, room),
        ),
      );
    },

    async latestSnapshot(room) {
      checkOpen();
      assertRoomId(room);
      const [seq, data] = await call(`room ${room}: latest snapshot`, () => redis.hmgetBuffer(keys.snapshot(room), 'seq', 'data'));
      if (seq === null || seq === undefined) return undefined;
      const parsed = parseSeq(seq.toString('latin1'));
      if (parsed === undefined || data === null || data === undefined) {
        throw new RoomStoreError('corrupt', `room ${room}: the snapshot hash ${keys.snapshot(room)} is malformed`);
      }
      return { seq: parsed, data: new Uint8Array(data) };
    },

    async listRooms() {
      checkOpen();
      const rooms = await call('listing rooms', () => redis.smembers(keys.rooms));
      return rooms.filter(isValidRoomId);
    },

    async deleteRoom(room) {
      checkOpen();
      assertRoomId(room);
      // In the room's lane: appends called before the delete land before it, later ones after.
      await lanes.run(room, () =>
        call(`room ${room}: delete`, () => redis.branchcastDelete(keys.seq(room), keys.log(room), keys.snapshot(room), keys.rooms, room)),
      );
    },

    close() {
      closed = true;
      closing ??= (async () => {
        await lanes.idle();
        await quit(redis);
      })();
      return closing;
    },
  };
}

/** QUIT lets replies already on their way arrive; a connection that is down is simply dropped. */
async function quit(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

function parseSeq(text: string): number | undefined {
  if (text === '0') return 0;
  const seq = Number(text);
  return /^[1-9][0-9]{0,15}$/.test(text) && Number.isSafeInteger(seq) ? seq : undefined;
}

/** A stream entry `0-<seq>` with field `d`, as XRANGE returns it. */
function parseEntry(room: string, id: Buffer, fields: Buffer[]): LogRecord {
  const match = ENTRY_ID.exec(id.toString('latin1'));
  const seq = match === null ? undefined : parseSeq(match[1] as string);
  const data = fields[0]?.toString('latin1') === 'd' ? fields[1] : undefined;
  if (seq === undefined || data === undefined) {
    throw new RoomStoreError('corrupt', `room ${room}: stream entry ${JSON.stringify(id.toString('latin1'))} is not a room record`);
  }
  // A copy, so callers own their bytes and never pin a larger reply buffer.
  return { seq, data: new Uint8Array(data) };
}

/** A record's copy, carrying the form it is published in when that differs (through the lanes to the append script). */
type PublishableRecord = Buffer & { published?: Buffer };

function withPublishedForm(record: Uint8Array, publishAs: ((record: Uint8Array) => Uint8Array | undefined) | undefined): Buffer {
  const copy: PublishableRecord = Buffer.from(record);
  const form = publishAs?.(record);
  if (form !== undefined) copy.published = Buffer.from(form);
  return copy;
}

function publishedForm(record: Buffer): Buffer {
  return (record as PublishableRecord).published ?? record;
}
