/**
 * Shape check of a log record heard on a room's records channel, before a
 * follower folds it. The records channel is pub/sub that anyone with access
 * to the Redis can write; a follower that folded garbage would throw inside
 * the subscriber's event handler (which ends the process) or, worse, advance
 * past the seq and diverge from the owner for good. A record that fails this
 * check is dropped: the owner's real record arrives on its own, and the
 * stream still holds the truth.
 */
import { Unpackr } from 'msgpackr';
import { decodeLogEntry, encodeLogEntry, MSGPACK_OPTIONS, parseCommand } from '../../engine/index.ts';

// The same options as engine/room/log-entry.ts, which decodes the record again when it is folded.
const unpackr = new Unpackr(MSGPACK_OPTIONS);

/** Whether `data` decodes to a log entry a follower can fold (engine/room/log-entry.ts LogEntry). Never throws. */
export function isFoldableRecord(data: Uint8Array): boolean {
  let entry: unknown;
  try {
    entry = unpackr.unpack(data);
  } catch {
    return false;
  }
  if (!isRecord(entry)) return false;
  // A follower ignores `create` (it only ever starts a log, which the follower read from the stream).
  if (entry.k === 'create') return true;
  return entry.k === 'input' && isRoomInput(entry.input);
}

/** msgpack of the key `type` then the value `votes`: only a vote batch's record holds it (or a text that happens to). */
const VOTES_TYPE = Buffer.from([0xa4, ...Buffer.from('type'), 0xa5, ...Buffer.from('votes')]);

/**
 * The form followers hear a record in (the records channel), when it is not
 * the record itself: a vote batch is published as a tick at its time, with
 * the decisions of any vote it closed. Followers fold no votes (engine
 * FoldOptions.skipVotes), and for such a fold the two are the same input;
 * the votes stay in the stream, for promotion. So a room's votes cost Redis
 * no output per follower, and followers no decoding. Undefined: publish the
 * record as it is.
 */
export function followerForm(record: Uint8Array): Uint8Array | undefined {
  if (Buffer.from(record.buffer, record.byteOffset, record.byteLength).indexOf(VOTES_TYPE) < 0) return undefined;
  const entry = decodeLogEntry(record);
  if (entry.k !== 'input' || entry.input.type !== 'votes') return undefined;
  const { t, decided } = entry.input;
  return encodeLogEntry({ k: 'input', input: { type: 'tick', t, ...(decided ? { decided } : {}) } });
}

function isRoomInput(input: unknown): boolean {
  if (!isRecord(input) || !isTime(input.t)) return false;
  // A follower closes a vote with the owner's logged decision (engine FoldOptions.skipVotes).
  if (input.decided !== undefined && !isDecisions(input.decided)) return false;
  switch (input.type) {
    case 'tick':
    case 'close':
      return true;
    case 'presence':
      return isActor(input.actor) && (input.action === 'join' || input.action === 'leave');
    case 'votes':
      return Array.isArray(input.votes) && input.votes.every((v) => Array.isArray(v) && v.length === 3 && v.every(isText));
    case 'command': {
      const command = input.command;
      if (!isActor(input.actor) || !isText(input.id) || typeof parseCommand(command) === 'string') return false;
      if (!isRecord(command)) return false;
      // The owner adds a claim's coupon code before logging it; parseCommand does not know that field.
      if (command.type === 'claim') return command.code === undefined || typeof command.code === 'string';
      // parseCommand checks a pushed quiz's shape only (the room checks it); a logged one passed that check.
      if (command.type === 'push-quiz') return isLoggedQuiz(command.quiz);
      return true;
    }
    default:
      return false;
  }
}

function isLoggedQuiz(quiz: unknown): boolean {
  if (!isRecord(quiz) || !isText(quiz.id) || typeof quiz.prompt !== 'string' || !Array.isArray(quiz.options) || !quiz.options.every((o) => typeof o === 'string')) return false;
  return [quiz.answer, quiz.points, quiz.seconds].every((n) => n === undefined || isTime(n));
}

function isDecisions(value: unknown): boolean {
  return Array.isArray(value) && value.every((d) => isRecord(d) && isText(d.option) && isRecord(d.counts) && Object.values(d.counts).every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0));
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Uint8Array) && !(x instanceof Date);
const isText = (x: unknown): x is string => typeof x === 'string' && x.length > 0;
const isTime = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);
const isActor = (x: unknown): boolean => isRecord(x) && isText(x.sub) && (x.role === 'host' || x.role === 'viewer');
