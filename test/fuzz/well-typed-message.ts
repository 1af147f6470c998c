/**
 * Checks that a decoded client message is exactly of its declared type
 * (engine/protocol/messages.ts, engine/room/room-types.ts RoomCommand): the
 * right fields, each of the right JS type, nothing else. A decoder that
 * passes a BigInt, a Date, a Uint8Array or an unknown field through has
 * handed the room a value its types do not admit.
 */

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isId: Check = (v) => typeof v === 'string' && v.length > 0 && v.length <= 64;
const isFinite: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isInteger: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v);
const isVersion: Check = (v) => isInteger(v) && (v as number) >= 0;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** Fields of each shape: name → [check, required]. */
type Shape = Record<string, [Check, boolean]>;

const QUIZ: Shape = {
  id: [isString, true],
  prompt: [isString, true],
  options: [(v) => Array.isArray(v) && v.every(isString), true],
  answer: [isInteger, false],
  points: [isFinite, false],
  seconds: [isFinite, false],
};

const COMMANDS: Record<string, Shape> = {
  play: {},
  pause: {},
  seek: { position: [isFinite, true] },
  vote: { option: [isId, true] },
  choose: { option: [isId, true] },
  answer: { quiz: [isId, true], option: [isInteger, true] },
  'push-quiz': { quiz: [(v) => shapeProblem(v, QUIZ) === undefined, true] },
  'close-quiz': { quiz: [isId, true] },
  hotspot: { hotspot: [isId, true], action: [(v) => v === 'impression' || v === 'click', true] },
  claim: { hotspot: [isId, true] },
  comment: { text: [isString, true], at: [isFinite, true] },
};

const MESSAGES: Record<number, Shape> = {
  1: { token: [isString, false], since: [isVersion, false] },
  2: { c0: [isFinite, true] },
  3: { id: [isId, true], cmd: [(v) => commandProblem(v) === undefined, true] },
};

function shapeProblem(value: unknown, shape: Shape, skip: readonly string[] = []): string | undefined {
  if (!isPlainObject(value)) return 'not a plain object';
  for (const key of Object.keys(value)) {
    if (skip.includes(key)) continue;
    if (!(key in shape)) return `unexpected field ${JSON.stringify(key.slice(0, 40))}`;
  }
  for (const [key, [check, required]] of Object.entries(shape)) {
    const present = Object.hasOwn(value, key);
    if (!present) {
      if (required) return `missing ${key}`;
      continue;
    }
    if (!check(value[key])) return `${key} has the wrong type (${describe(value[key])})`;
  }
  return undefined;
}

function commandProblem(cmd: unknown): string | undefined {
  if (!isPlainObject(cmd) || typeof cmd.type !== 'string' || !Object.hasOwn(COMMANDS, cmd.type)) return 'cmd.type is not a known command';
  const problem = shapeProblem(cmd, COMMANDS[cmd.type] as Shape, ['type']);
  return problem && `cmd ${cmd.type}: ${problem}`;
}

/** Why `message` is not a well-typed ClientMessage, or undefined when it is one. */
export function wellTypedProblem(message: unknown): string | undefined {
  if (!isPlainObject(message)) return 'message is not a plain object';
  const shape = typeof message.t === 'number' ? MESSAGES[message.t] : undefined;
  if (!shape) return `message t is ${describe(message.t)}`;
  if (message.t === 3) {
    const cmd = commandProblem(message.cmd);
    if (cmd) return cmd;
  }
  return shapeProblem(message, shape, ['t']);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
