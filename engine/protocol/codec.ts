import { Packr, Unpackr } from 'msgpackr';
import type { RoomCommand } from '../room/room-types.ts';
import { MSG, type ClientMessage, type ServerMessage } from './messages.ts';

// Plain msgpack maps (no msgpackr records/extensions), so any msgpack library can talk to us.
const packr = new Packr({ useRecords: false, moreTypes: false });
const unpackr = new Unpackr({ useRecords: false, moreTypes: false, mapsAsObjects: true });

export function encodeMessage(message: ServerMessage | ClientMessage): Uint8Array {
  return packr.pack(message);
}

/** Decodes a server frame (clients use this). Throws on malformed input. */
export function decodeServerMessage(bytes: Uint8Array): ServerMessage {
  return unpackr.unpack(bytes) as ServerMessage;
}

export type DecodeResult = { ok: true; message: ClientMessage } | { ok: false; message: string; id?: string };

/** Limits of a client frame's fields. */
export const WIRE_LIMITS = { maxIdLength: 64, maxTokenLength: 2048, maxOptionLength: 64, maxCommentBytes: 4096 } as const;

/**
 * Decodes and validates a client frame. Total: garbage bytes, wrong types and
 * unknown message types give `{ok: false}` with a reason, never an exception.
 */
export function decodeClientMessage(bytes: Uint8Array): DecodeResult {
  let value: unknown;
  try {
    value = unpackr.unpack(bytes);
  } catch {
    return { ok: false, message: 'frame is not valid msgpack' };
  }
  if (value === undefined) return { ok: false, message: 'frame is not valid msgpack' };
  if (!isRecord(value)) return { ok: false, message: 'frame must be a msgpack map' };
  switch (value.t) {
    case MSG.HELLO: {
      if (value.token !== undefined && (typeof value.token !== 'string' || value.token.length > WIRE_LIMITS.maxTokenLength)) return { ok: false, message: 'hello.token must be a string' };
      if (value.since !== undefined && !isVersion(value.since)) return { ok: false, message: 'hello.since must be a non-negative integer' };
      return { ok: true, message: { t: MSG.HELLO, ...(value.token === undefined ? {} : { token: value.token as string }), ...(value.since === undefined ? {} : { since: value.since as number }) } };
    }
    case MSG.TIME:
      if (typeof value.c0 !== 'number' || !Number.isFinite(value.c0)) return { ok: false, message: 'time.c0 must be a finite number' };
      return { ok: true, message: { t: MSG.TIME, c0: value.c0 } };
    case MSG.COMMAND: {
      const id = value.id;
      if (typeof id !== 'string' || id.length === 0 || id.length > WIRE_LIMITS.maxIdLength) return { ok: false, message: `command.id must be a string of 1-${WIRE_LIMITS.maxIdLength} characters` };
      const cmd = parseCommand(value.cmd);
      if (typeof cmd === 'string') return { ok: false, message: cmd, id };
      return { ok: true, message: { t: MSG.COMMAND, id, cmd } };
    }
    default:
      return { ok: false, message: `unknown message type ${JSON.stringify(value.t) ?? 'undefined'}` };
  }
}

/** Validates a command from any transport (WebSocket or HTTP); returns the command or a reason. */
export function parseCommand(raw: unknown): RoomCommand | string {
  if (!isRecord(raw)) return 'cmd must be a map with a type';
  switch (raw.type) {
    case 'play':
    case 'pause':
      return { type: raw.type };
    case 'seek':
      if (typeof raw.position !== 'number' || !Number.isFinite(raw.position)) return 'seek.position must be a finite number';
      return { type: 'seek', position: raw.position };
    case 'vote':
    case 'choose':
      if (typeof raw.option !== 'string' || raw.option.length === 0 || raw.option.length > WIRE_LIMITS.maxOptionLength) return `${raw.type}.option must be an option id`;
      return { type: raw.type, option: raw.option };
    case 'answer':
      if (!isId(raw.quiz)) return 'answer.quiz must be a quiz id';
      if (typeof raw.option !== 'number' || !Number.isInteger(raw.option)) return 'answer.option must be an option index';
      return { type: 'answer', quiz: raw.quiz, option: raw.option };
    case 'push-quiz': {
      const q = raw.quiz;
      if (!isRecord(q)) return 'push-quiz.quiz must be a map';
      // Shape only; the room checks the content (lengths, answer index) and answers `invalid`.
      return {
        type: 'push-quiz',
        quiz: {
          id: q.id as string,
          prompt: q.prompt as string,
          options: q.options as string[],
          ...(q.answer === undefined ? {} : { answer: q.answer as number }),
          ...(q.points === undefined ? {} : { points: q.points as number }),
          ...(q.seconds === undefined ? {} : { seconds: q.seconds as number }),
        },
      };
    }
    case 'close-quiz':
      if (!isId(raw.quiz)) return 'close-quiz.quiz must be a quiz id';
      return { type: 'close-quiz', quiz: raw.quiz };
    case 'hotspot':
      if (!isId(raw.hotspot)) return 'hotspot.hotspot must be a hotspot id';
      if (raw.action !== 'impression' && raw.action !== 'click') return "hotspot.action must be 'impression' or 'click'";
      return { type: 'hotspot', hotspot: raw.hotspot, action: raw.action };
    case 'claim':
      // A client never names the code: the server's campaign ledger issues it.
      if (!isId(raw.hotspot)) return 'claim.hotspot must be a hotspot id';
      return { type: 'claim', hotspot: raw.hotspot };
    case 'comment':
      if (typeof raw.text !== 'string' || raw.text.length > WIRE_LIMITS.maxCommentBytes) return `comment.text must be a string of at most ${WIRE_LIMITS.maxCommentBytes} characters`;
      if (typeof raw.at !== 'number' || !Number.isFinite(raw.at)) return 'comment.at must be a media time in seconds';
      return { type: 'comment', text: raw.text, at: raw.at };
    default:
      return `unknown command type ${JSON.stringify(raw.type) ?? 'undefined'}`;
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Uint8Array);
}

function isId(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= WIRE_LIMITS.maxIdLength;
}

function isVersion(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}
