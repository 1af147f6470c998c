import { Packr, Unpackr } from 'msgpackr';
import { MSGPACK_OPTIONS, parseCommand, type CommandActor, type CommandResult, type ErrorCode, type RoomCommand } from '../../engine/index.ts';
import { isValidRoomId as isRoomId } from '../store/room-id.ts';

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

const packr = new Packr(MSGPACK_OPTIONS);
const unpackr = new Unpackr(MSGPACK_OPTIONS);

export function encodeBusMessage(message: BusMessage): Buffer {
  return packr.pack(message);
}

/**
 * Decodes a frame from a node inbox: a BusMessage built field by field from
 * checked values, or undefined for anything else (the caller counts it as a
 * bad frame and drops it). Total: it never throws.
 *
 * Trust: only nodes of the same cluster should write these channels, but
 * anyone with access to the Redis can, and a bug or a version skew can too.
 * Garbage must cost one dropped frame, never a crash or a wrong value handed
 * to a room. (A well-formed forgery is indistinguishable from a node's
 * message: protecting Redis itself is the deployment's job, docs/scaling.md.)
 */
export function decodeBusMessage(bytes: Buffer): BusMessage | undefined {
  let value: unknown;
  try {
    value = unpackr.unpack(bytes);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  switch (value.k) {
    case 'reply':
      return decodeReply(value);
    case 'presence': {
      const actor = decodeActor(value.actor);
      if (!isRoomId(value.room) || !actor || (value.action !== 'join' && value.action !== 'leave')) return undefined;
      return { k: 'presence', room: value.room, actor, action: value.action };
    }
    case 'cmd':
    case 'votes':
    case 'close':
      return decodeRequest(value);
    default:
      return undefined;
  }
}

function decodeRequest(value: Record<string, unknown>): (BusRequest & { from: string; corr: number }) | undefined {
  const { room, from, corr } = value;
  if (!isRoomId(room) || !isText(from) || !isCorr(corr)) return undefined;
  if (value.k === 'close') return { k: 'close', room, from, corr };
  if (value.k === 'votes') {
    const votes = value.votes;
    if (!Array.isArray(votes) || votes.length > MAX_VOTES || !votes.every(isForwardedVote)) return undefined;
    return { k: 'votes', room, votes: votes.map(([sub, id, option]) => [sub, id, option]), from, corr };
  }
  const actor = decodeActor(value.actor);
  const cmd = parseCommand(value.cmd);
  if (!actor || !isText(value.id) || typeof cmd === 'string') return undefined;
  // A claim's `code` is added by the owner, never forwarded: parseCommand drops it.
  return { k: 'cmd', room, actor, id: value.id, cmd, from, corr };
}

function decodeReply(value: Record<string, unknown>): BusReply | undefined {
  const corr = value.corr;
  if (!isCorr(corr)) return undefined;
  if (value.notOwner === true) return { k: 'reply', corr, notOwner: true };
  if (typeof value.error === 'string') return { k: 'reply', corr, error: value.error.slice(0, 500) };
  if (Array.isArray(value.results)) {
    if (value.results.length > MAX_VOTES) return undefined;
    const results = value.results.map(decodeResult);
    return results.every((r): r is CommandResult => r !== undefined) ? { k: 'reply', corr, results } : undefined;
  }
  const result = decodeResult(value.result);
  return result && { k: 'reply', corr, result };
}

/**
 * Every code the room core answers with. A Record over ErrorCode, so a code
 * added to the engine fails to compile here until the bus accepts it: a fixed
 * list had dropped `muted` and `internal`, and a follower's viewer got
 * "room unavailable" (bad-state) after the bus timeout instead of the owner's answer.
 */
const ERROR_CODE_SET: Record<ErrorCode, true> = { 'not-allowed': true, 'bad-state': true, 'rate-limited': true, invalid: true, internal: true, muted: true };
const ERROR_CODES: ReadonlySet<unknown> = new Set(Object.keys(ERROR_CODE_SET));

function decodeResult(value: unknown): CommandResult | undefined {
  if (!isRecord(value)) return undefined;
  if (value.ok === true) {
    if (!isCount(value.version)) return undefined;
    if (value.data !== undefined && !isRecord(value.data)) return undefined;
    return { ok: true, version: value.version, ...(value.data === undefined ? {} : { data: value.data }) };
  }
  if (value.ok === false && ERROR_CODES.has(value.code) && typeof value.message === 'string') {
    return { ok: false, code: value.code as ErrorCode, message: value.message.slice(0, 500) };
  }
  return undefined;
}

function decodeActor(value: unknown): CommandActor | undefined {
  if (!isRecord(value) || !isText(value.sub) || (value.role !== 'host' && value.role !== 'viewer')) return undefined;
  return { sub: value.sub, role: value.role };
}

/** More votes than any node batches in one 100 ms tick would ever send; a bound, not a tuning knob. */
const MAX_VOTES = 100_000;
/** Subjects, command ids and node ids: non-empty and short (tokens allow far less; this only bounds memory). */
const MAX_TEXT = 256;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Uint8Array) && !(x instanceof Date);
const isText = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= MAX_TEXT;
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isCorr = (x: unknown): x is number => isCount(x) && x > 0;
const isForwardedVote = (x: unknown): x is ForwardedVote => Array.isArray(x) && x.length === 3 && isText(x[0]) && isText(x[1]) && isText(x[2]);
