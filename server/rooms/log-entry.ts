import { Packr, Unpackr } from 'msgpackr';
import type { RoomInput, RoomState, Story } from '../../engine/index.ts';

/**
 * One record of a room's durable log. The first record creates the room and
 * carries the whole story, so a log is self-contained: replaying it needs no
 * outside file that might since have changed.
 */
export type LogEntry = { k: 'create'; room: string; t: number; story: Story } | { k: 'input'; input: RoomInput };

/** A durable snapshot: the story plus the room state folded up to a log seq. */
export interface SnapshotEntry {
  story: Story;
  state: RoomState;
}

const packr = new Packr({ useRecords: false, moreTypes: false });
const unpackr = new Unpackr({ useRecords: false, moreTypes: false, mapsAsObjects: true });

export function encodeLogEntry(entry: LogEntry): Uint8Array {
  return packr.pack(entry);
}

export function decodeLogEntry(bytes: Uint8Array): LogEntry {
  return unpackr.unpack(bytes) as LogEntry;
}

export function encodeSnapshot(snapshot: SnapshotEntry): Uint8Array {
  return packr.pack(snapshot);
}

export function decodeSnapshot(bytes: Uint8Array): SnapshotEntry {
  return unpackr.unpack(bytes) as SnapshotEntry;
}
