import { Packr, Unpackr } from 'msgpackr';
import type { CommandActor, CommandResult, RoomCommand } from '../../engine/index.ts';

/** A vote as a node forwards it: [subject, command id, option]. */
export type ForwardedVote = [sub: string, id: string, option: string];

/** What nodes send each other's inboxes (the `node:<id>` channels). Requests carry `from` and `corr` for the reply. */
export type BusRequest =
  | { k: 'cmd'; room: string; actor: CommandActor; id: string; cmd: RoomCommand }
  | { k: 'votes'; room: string; votes: ForwardedVote[] }
  | { k: 'close'; room: string };

export type BusReply =
  | { k: 'reply'; corr: number; result: CommandResult }
  | { k: 'reply'; corr: number; results: CommandResult[] }
  /** This node does not own the room (any more): ask Redis who does, and retry there. */
  | { k: 'reply'; corr: number; notOwner: true }
  | { k: 'reply'; corr: number; error: string };

export type BusMessage =
  | (BusRequest & { from: string; corr: number })
  /** Fire and forget: a viewer joined or left on the sending node (analytics only). */
  | { k: 'presence'; room: string; actor: CommandActor; action: 'join' | 'leave' }
  | BusReply;

const packr = new Packr({ useRecords: false, moreTypes: false });
const unpackr = new Unpackr({ useRecords: false, moreTypes: false, mapsAsObjects: true });

export function encodeBusMessage(message: BusMessage): Buffer {
  return packr.pack(message);
}

/** Only other nodes of the same cluster write these channels; a frame that is not a message is dropped. */
export function decodeBusMessage(bytes: Buffer): BusMessage | undefined {
  try {
    const value = unpackr.unpack(bytes) as { k?: unknown } | null;
    return typeof value === 'object' && value !== null && typeof value.k === 'string' ? (value as BusMessage) : undefined;
  } catch {
    return undefined;
  }
}
