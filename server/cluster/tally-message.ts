/**
 * The tally channel's message (keys.ts, `tally(room)`): the owner's merged
 * tally of the open vote, which followers show their viewers instead of
 * folding every vote (docs/scaling.md, "Merged tallies"). Plain msgpack
 * with the bus's options.
 *
 * Trust: the same as the records channel. Anyone with access to the Redis
 * can publish here, so a follower checks the shape before it relays a frame
 * to its sockets; a garbage message is one dropped tally, and the next one
 * (100 ms later) replaces it anyway.
 */
import { Packr, Unpackr } from 'msgpackr';
import { MSGPACK_OPTIONS } from '../../engine/index.ts';

/** The open vote's counts on the owner, as of room version `version`. */
export interface SharedTally {
  node: string;
  counts: Record<string, number>;
  total: number;
  version: number;
}

const packr = new Packr(MSGPACK_OPTIONS);
const unpackr = new Unpackr(MSGPACK_OPTIONS);
/** More options than any story's choice has; a bound, not a tuning knob. */
const MAX_OPTIONS = 256;

export function encodeTallyMessage(tally: SharedTally): Buffer {
  return packr.pack(tally);
}

/** The tally, or undefined for anything else. Total: never throws. */
export function readTallyMessage(message: Buffer): SharedTally | undefined {
  let value: unknown;
  try {
    value = unpackr.unpack(message);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { node, counts, total, version } = value as Record<string, unknown>;
  if (typeof node !== 'string' || node.length === 0 || !isCount(total) || !isCount(version)) return undefined;
  if (typeof counts !== 'object' || counts === null || Array.isArray(counts) || counts instanceof Uint8Array) return undefined;
  const entries = Object.entries(counts);
  if (entries.length > MAX_OPTIONS || !entries.every(([, n]) => isCount(n))) return undefined;
  return { node, counts: Object.fromEntries(entries) as Record<string, number>, total, version };
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
