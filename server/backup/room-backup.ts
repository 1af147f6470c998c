/**
 * A room backup (.bcr) as a whole: a room's log and snapshot in, a checked
 * file out, and back. Pure (no disk, no clock: the export time is passed in).
 *
 * Decoding verifies everything an import relies on before anything is
 * written: the container (bcr-container.ts: magic, version, length,
 * SHA-256), then the content: seqs 1..n without a gap, every record decodes
 * and the log folds through the engine's room core to the room and state
 * hash the metadata names, and the snapshot agrees with the log at its seq.
 * Encoding runs the same content check, so an export never writes a file
 * that an import would refuse.
 */
import { decodeLogEntry, decodeSnapshot, encodeLogEntry, encodeSnapshot, foldEntry, hashRoomState, type LogEntry, type RoomFold } from '../../engine/index.ts';
import type { LogRecord, RoomSnapshotRecord } from '../store/room-store.ts';
import { isValidRoomId } from '../store/room-id.ts';
import { BackupError } from './backup-error.ts';
import { readBcr, writeBcr } from './bcr-container.ts';

/** What a backup holds: one room's whole log, and its latest snapshot if it has one. */
export interface RoomContent {
  room: string;
  snapshot: RoomSnapshotRecord | undefined;
  records: LogRecord[];
}

/** The meta section: a summary a person can read with `strings`, and what the content must fold to. */
export interface BackupMeta {
  format: 'branchcast/room-backup';
  room: string;
  story: string;
  records: number;
  snapshotSeq: number | null;
  /** hashRoomState of the log's fold: what `GET /api/rooms/:id` reports as `hash` for the room. */
  stateHash: string;
  exportedAt: string;
  generator: string;
}

export interface DecodedBackup {
  meta: BackupMeta;
  content: RoomContent;
  /** Whether the room was closed (an import into a cluster then needs no owner for it). */
  closed: boolean;
}

/** What folding a room's content found. */
export interface CheckedContent {
  story: string;
  stateHash: string;
  closed: boolean;
}

/**
 * The checks fold a whole log, which takes seconds for a long one. They run
 * as generators that yield every STEP_RECORDS records, so a server can run
 * them between other work (backup-io.ts); the plain functions run them through.
 */
export type Steps<T> = Generator<void, T, void>;
const STEP_RECORDS = 256;

/** Runs steps to the end, at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

const FORMAT = 'branchcast/room-backup';

/** The .bcr bytes of `content`; throws BackupError when the content itself does not hold together. */
export function encodeRoomBackup(content: RoomContent, exportedAt: Date, generator: string): Buffer {
  return runSteps(encodeRoomBackupSteps(content, exportedAt, generator));
}

export function* encodeRoomBackupSteps(content: RoomContent, exportedAt: Date, generator: string): Steps<Buffer> {
  const { story, stateHash } = yield* checkRoomContentSteps(content);
  const meta: BackupMeta = {
    format: FORMAT, room: content.room, story, records: content.records.length,
    snapshotSeq: content.snapshot?.seq ?? null, stateHash, exportedAt: exportedAt.toISOString(), generator,
  };
  return writeBcr({ meta, snapshot: content.snapshot, records: content.records });
}

/** Verifies a whole .bcr file; throws BackupError (never anything else) unless every check passes. */
export function decodeRoomBackup(bytes: Uint8Array): DecodedBackup {
  return runSteps(decodeRoomBackupSteps(bytes));
}

export function* decodeRoomBackupSteps(bytes: Uint8Array): Steps<DecodedBackup> {
  const parts = readBcr(bytes);
  const meta = parseMeta(parts.meta);
  const content: RoomContent = { room: meta.room, snapshot: parts.snapshot, records: parts.records };
  if (content.records.length !== meta.records) throw new BackupError('malformed', `the meta names ${meta.records} records, the log holds ${content.records.length}`);
  if ((content.snapshot?.seq ?? null) !== meta.snapshotSeq) throw new BackupError('malformed', 'the meta and the snapshot section disagree on the snapshot');
  const folded = yield* checkRoomContentSteps(content);
  if (folded.stateHash !== meta.stateHash) throw new BackupError('bad-record', `the log folds to state hash ${folded.stateHash}, the backup says ${meta.stateHash}`);
  return { meta, content, closed: folded.closed };
}

/**
 * The same room under another id (import --as): the create record and the
 * snapshot name the room, and a live room takes its id from them. The state
 * hash changes with the id; everything else stays.
 */
export function renameRoom(content: RoomContent, id: string): RoomContent {
  if (!isValidRoomId(id)) throw new BackupError('malformed', `invalid room id ${JSON.stringify(id).slice(0, 80)}`);
  const records = content.records.map((record, i) => {
    if (i > 0) return record;
    const entry = decodeLogEntry(record.data);
    return entry.k === 'create' ? { seq: record.seq, data: encodeLogEntry({ ...entry, room: id }) } : record;
  });
  let snapshot = content.snapshot;
  if (snapshot) {
    const decoded = decodeSnapshot(snapshot.data);
    snapshot = { seq: snapshot.seq, data: encodeSnapshot({ ...decoded, state: { ...decoded.state, room: id } }) };
  }
  return { room: id, snapshot, records };
}

function parseMeta(value: unknown): BackupMeta {
  const meta = value as Partial<BackupMeta> | null;
  const ok =
    typeof meta === 'object' && meta !== null && meta.format === FORMAT && isValidRoomId(meta.room) && typeof meta.story === 'string' &&
    Number.isSafeInteger(meta.records) && (meta.snapshotSeq === null || Number.isSafeInteger(meta.snapshotSeq)) &&
    typeof meta.stateHash === 'string' && typeof meta.exportedAt === 'string' && typeof meta.generator === 'string';
  if (!ok) throw new BackupError('malformed', 'the meta section is not a room backup\'s metadata');
  return meta as BackupMeta;
}

/** Folds the content through the room core; throws BackupError at the first thing that does not hold. */
export function checkRoomContent(content: RoomContent): CheckedContent {
  return runSteps(checkRoomContentSteps(content));
}

export function* checkRoomContentSteps(content: RoomContent): Steps<CheckedContent> {
  const { room, records, snapshot } = content;
  if (records.length === 0) throw new BackupError('bad-record', `room ${room}: the log is empty (it must start with the room's create record)`);
  if (snapshot && (snapshot.seq < 1 || snapshot.seq > records.length)) throw new BackupError('bad-snapshot', `snapshot seq ${snapshot.seq} is outside the log (1..${records.length})`);
  let fold: RoomFold | undefined;
  let hashAtSnapshot: string | undefined;
  for (const [i, record] of records.entries()) {
    if (i % STEP_RECORDS === STEP_RECORDS - 1) yield;
    if (record.seq !== i + 1) throw new BackupError('seq-gap', `log seq ${record.seq} where ${i + 1} was expected: a record is missing or out of order`);
    const entry = decodeRecord(record);
    if ((i === 0) !== (entry.k === 'create')) throw new BackupError('bad-record', `seq ${record.seq}: ${i === 0 ? 'the log must start with a create record' : 'a second create record'}`);
    if (entry.k === 'create' && entry.room !== room) throw new BackupError('bad-record', `the create record names room ${JSON.stringify(entry.room)}, not ${room}`);
    try {
      fold = foldEntry(fold, entry).fold;
    } catch (cause) {
      throw new BackupError('bad-record', `seq ${record.seq}: the room core cannot apply it (${String(cause)})`, { cause });
    }
    if (snapshot?.seq === record.seq && fold) hashAtSnapshot = hashRoomState(fold.state);
  }
  if (!fold) throw new BackupError('bad-record', 'the log creates no room');
  if (snapshot) checkSnapshot(room, snapshot, hashAtSnapshot);
  return { story: fold.state.story, stateHash: hashRoomState(fold.state), closed: fold.state.closed };
}

function decodeRecord(record: LogRecord): LogEntry {
  let entry: unknown;
  try {
    entry = decodeLogEntry(record.data);
  } catch (cause) {
    throw new BackupError('bad-record', `seq ${record.seq}: the record does not decode`, { cause });
  }
  const e = entry as { k?: unknown; room?: unknown; t?: unknown; story?: unknown; input?: { type?: unknown; t?: unknown } } | null;
  const create = e?.k === 'create' && typeof e.room === 'string' && typeof e.t === 'number' && typeof e.story === 'object' && e.story !== null;
  const input = e?.k === 'input' && typeof e.input === 'object' && e.input !== null && typeof e.input.type === 'string' && typeof e.input.t === 'number';
  if (!create && !input) throw new BackupError('bad-record', `seq ${record.seq}: not a room log record`);
  return entry as LogEntry;
}

function checkSnapshot(room: string, snapshot: RoomSnapshotRecord, expectedHash: string | undefined): void {
  let state: unknown;
  try {
    state = decodeSnapshot(snapshot.data).state;
  } catch (cause) {
    throw new BackupError('bad-snapshot', `the snapshot (seq ${snapshot.seq}) does not decode`, { cause });
  }
  const s = state as { room?: unknown } | null | undefined;
  if (typeof s !== 'object' || s === null || s.room !== room) throw new BackupError('bad-snapshot', `the snapshot (seq ${snapshot.seq}) is not a state of room ${room}`);
  let hash: string;
  try {
    hash = hashRoomState(s as Parameters<typeof hashRoomState>[0]);
  } catch (cause) {
    throw new BackupError('bad-snapshot', `the snapshot (seq ${snapshot.seq}) is not a room state`, { cause });
  }
  if (hash !== expectedHash) throw new BackupError('bad-snapshot', `the snapshot (seq ${snapshot.seq}) disagrees with the log folded to that seq`);
}
