import { Packr, Unpackr } from 'msgpackr';
import { MSGPACK_OPTIONS } from '../protocol/msgpack-options.ts';
import type { Story } from '../story.ts';
import type { RoomInput, RoomState } from './room-types.ts';

/**
 * One record of a room's durable log. The first record creates the room and
 * carries the whole story, so a log is self-contained: replaying it needs no
 * outside file that might since have changed.
 */
export type LogEntry = CreateEntry | { k: 'input'; input: RoomInput };

/** The first record of every room's log. */
export interface CreateEntry {
  k: 'create';
  room: string;
  t: number;
  story: Story;
}

/** A durable snapshot: the story plus the room state folded up to a log seq. */
export interface SnapshotEntry {
  story: Story;
  state: RoomState;
}

// Plain msgpack maps, the options of the wire and the bus (protocol/msgpack-options.ts): any msgpack reader can read a log.
const packr = new Packr(MSGPACK_OPTIONS);
const unpackr = new Unpackr(MSGPACK_OPTIONS);

export function encodeLogEntry(entry: LogEntry): Uint8Array {
  return packr.pack(entry);
}

/** Decodes a record this server wrote (trusted: records from a shared bus are shape-checked first). */
export function decodeLogEntry(bytes: Uint8Array): LogEntry {
  return unpackr.unpack(bytes) as LogEntry;
}

export function encodeSnapshot(snapshot: SnapshotEntry): Uint8Array {
  return packr.pack(snapshot);
}

export function decodeSnapshot(bytes: Uint8Array): SnapshotEntry {
  return unpackr.unpack(bytes) as SnapshotEntry;
}
