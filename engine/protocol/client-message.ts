/**
 * Client → server frames: decoding and validation. Total: any byte string
 * gives a typed message or a typed reason, never an exception (a throw here
 * would reach the socket handler of every room on the node).
 */
import type { AdHocQuiz, RoomCommand } from '../room/room-types.ts';
import { MSG, type ClientMessage } from './messages.ts';
import { decodeWireValue, describeWireValue, type WireValue } from './wire-value.ts';

export type DecodeResult = { ok: true; message: ClientMessage } | { ok: false; message: string; id?: string };

/** Limits of a client frame's fields. */
export const WIRE_LIMITS = { maxIdLength: 64, maxTokenLength: 2048, maxOptionLength: 64, maxCommentBytes: 4096, maxSubLength: 256, maxPolicyWords: 200 } as const;

/** Decodes and validates a client frame (msgpack map with a small-integer `t`). */
export function decodeClientMessage(bytes: Uint8Array): DecodeResult {
  try {
    const decoded = decodeWireValue(bytes);
    if (!decoded.ok) return { ok: false, message: decoded.reason };
    return toClientMessage(decoded.value);
  } catch {
    // Nothing below is known to throw; this keeps "never throws" true by construction.
    return { ok: false, message: 'frame could not be decoded' };
  }
}

function toClientMessage(value: WireValue): DecodeResult {
  if (!isRecord(value)) return { ok: false, message: `frame must be a msgpack map, not ${describeWireValue(value)}` };
  switch (value.t) {
    case MSG.HELLO: {
      const { token, since } = value;
      if (token !== undefined && (typeof token !== 'string' || token.length > WIRE_LIMITS.maxTokenLength)) return { ok: false, message: `hello.token must be a string of at most ${WIRE_LIMITS.maxTokenLength} characters` };
      if (since !== undefined && !isVersion(since)) return { ok: false, message: 'hello.since must be a non-negative integer' };
      return { ok: true, message: { t: MSG.HELLO, ...(token === undefined ? {} : { token }), ...(since === undefined ? {} : { since }) } };
    }
    case MSG.TIME: {
      const { c0 } = value;
      if (typeof c0 !== 'number' || !Number.isFinite(c0)) return { ok: false, message: 'time.c0 must be a finite number' };
      return { ok: true, message: { t: MSG.TIME, c0 } };
    }
    case MSG.COMMAND: {
      const { id } = value;
      if (typeof id !== 'string' || id.length === 0 || id.length > WIRE_LIMITS.maxIdLength) return { ok: false, message: `command.id must be a string of 1-${WIRE_LIMITS.maxIdLength} characters` };
      const cmd = parseCommand(value.cmd);
      if (typeof cmd === 'string') return { ok: false, message: cmd, id };
      return { ok: true, message: { t: MSG.COMMAND, id, cmd } };
    }
    default:
      return { ok: false, message: `unknown message type (t is ${describeWireValue(value.t)})` };
  }
}

/**
 * Validates a command from any transport (a WebSocket frame's decoded value,
 * or parsed JSON from HTTP); returns the command or a reason.
 */
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
      if (typeof raw.option !== 'number' || !Number.isSafeInteger(raw.option)) return 'answer.option must be an option index';
      return { type: 'answer', quiz: raw.quiz, option: raw.option };
    case 'push-quiz': {
      const quiz = parseAdHocQuiz(raw.quiz);
      return typeof quiz === 'string' ? quiz : { type: 'push-quiz', quiz };
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
    case 'mute':
    case 'unmute':
    case 'kick':
      if (typeof raw.sub !== 'string' || raw.sub.length === 0 || raw.sub.length > WIRE_LIMITS.maxSubLength) return `${raw.type}.sub must be a string of 1-${WIRE_LIMITS.maxSubLength} characters`;
      return { type: raw.type, sub: raw.sub };
    case 'remove-comment':
      if (!isId(raw.comment)) return 'remove-comment.comment must be a comment id';
      return { type: 'remove-comment', comment: raw.comment };
    case 'comment-policy': {
      const { perMinute, words } = raw;
      if (typeof perMinute !== 'number' || !Number.isSafeInteger(perMinute)) return 'comment-policy.perMinute must be an integer';
      if (!Array.isArray(words) || words.length > WIRE_LIMITS.maxPolicyWords || !words.every((w) => typeof w === 'string' && w.length <= WIRE_LIMITS.maxOptionLength)) {
        return `comment-policy.words must be at most ${WIRE_LIMITS.maxPolicyWords} strings of at most ${WIRE_LIMITS.maxOptionLength} characters`;
      }
      return { type: 'comment-policy', perMinute, words: words as string[] };
    }
    default:
      return `unknown command type (type is ${describeWireValue(raw.type)})`;
  }
}

/**
 * The types of a host's ad-hoc quiz; the room checks its content (lengths,
 * the answer index) and answers `invalid`. Types are checked here because the
 * room may index, measure and sum these fields.
 */
function parseAdHocQuiz(q: unknown): AdHocQuiz | string {
  if (!isRecord(q)) return 'push-quiz.quiz must be a map';
  if (typeof q.id !== 'string' || typeof q.prompt !== 'string') return 'push-quiz.quiz needs a string id and prompt';
  if (!Array.isArray(q.options) || !q.options.every((o) => typeof o === 'string')) return 'push-quiz.quiz.options must be an array of strings';
  if (q.answer !== undefined && !(typeof q.answer === 'number' && Number.isSafeInteger(q.answer))) return 'push-quiz.quiz.answer must be an option index';
  for (const field of ['points', 'seconds'] as const) {
    const value = q[field];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) return `push-quiz.quiz.${field} must be a finite number`;
  }
  return {
    id: q.id,
    prompt: q.prompt,
    options: q.options as string[],
    ...(q.answer === undefined ? {} : { answer: q.answer as number }),
    ...(q.points === undefined ? {} : { points: q.points as number }),
    ...(q.seconds === undefined ? {} : { seconds: q.seconds as number }),
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Uint8Array);
}

function isId(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= WIRE_LIMITS.maxIdLength;
}

function isVersion(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}
