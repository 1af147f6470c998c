/**
 * Which error a refused command gets when several apply. One rule for every
 * command, checked from the outside in; the first failing level answers:
 *
 * 1. `invalid`: the command is malformed whatever the room's state (field
 *    types are the codec's; here, the content rules that need no state).
 * 2. `not-allowed`: the sender's role may not send it here.
 * 3. `bad-state`: not possible now (room closed, no choice or quiz open).
 * 4. `invalid`: an argument names what is not there now (an option not open,
 *    an index outside the quiz, a hotspot not on screen, a time outside the media).
 * 5. `bad-state` / `rate-limited`: the sender's own allowance is spent
 *    (already answered, campaign sold out, over the comment rate).
 *
 * Levels 1 and 2 live here; 3–5 in the command's own code, in that order.
 * docs/protocol.md §4 states the same rule for client authors.
 */
import type { RoomLogic } from './room-logic.ts';
import type { AdHocQuiz, CommandActor, CommandResult, RoomCommand, RoomState } from './room-types.ts';
import { AUDIENCE_LIMITS } from './room-audience.ts';
import { isModerationCommand, moderationRequestProblem, moderationRoleProblem } from './room-moderation.ts';

const fail = (code: 'invalid' | 'not-allowed', message: string): CommandResult => ({ ok: false, code, message });

/** Ids a client may name: the story id alphabet, minus the one key a plain object cannot hold. */
const CLIENT_ID = /^(?!__proto__$)[A-Za-z0-9_-]{1,64}$/;

/** Level 1: a command no room state could accept. */
export function requestProblem(logic: RoomLogic, command: RoomCommand): CommandResult | undefined {
  switch (command.type) {
    case 'seek':
      return Number.isFinite(command.position) ? undefined : fail('invalid', 'position must be a finite number of seconds');
    case 'push-quiz': {
      const problem = adHocProblem(command.quiz);
      if (problem) return fail('invalid', problem);
      // Story quiz ids are taken: their cues would replace an ad-hoc run of the same id.
      if (Object.values(logic.story.nodes).some((n) => n.quizzes?.some((q) => q.id === command.quiz.id))) return fail('invalid', `quiz id '${command.quiz.id}' belongs to a story quiz`);
      return undefined;
    }
    case 'hotspot':
      return command.action === 'impression' || command.action === 'click' ? undefined : fail('invalid', "action must be 'impression' or 'click'");
    case 'claim':
      // The server's campaign ledger adds the code before the room sees a claim.
      return typeof command.code === 'string' && command.code.length > 0 ? undefined : fail('invalid', 'claims are issued by the server');
    case 'comment': {
      const trimmed = typeof command.text === 'string' ? command.text.trim() : '';
      if (trimmed.length === 0) return fail('invalid', 'a comment needs text');
      if ([...trimmed].length > AUDIENCE_LIMITS.maxCommentLength) return fail('invalid', `comments are limited to ${AUDIENCE_LIMITS.maxCommentLength} characters`);
      return undefined;
    }
    default:
      return isModerationCommand(command) ? moderationRequestProblem(command) : undefined;
  }
}

/** Level 2: the sender's role may not send this command in the current node. */
export function roleProblem(logic: RoomLogic, state: RoomState, actor: CommandActor, command: RoomCommand): CommandResult | undefined {
  const moderation = moderationRoleProblem(state, actor, command);
  if (moderation || actor.role === 'host') return moderation;
  switch (command.type) {
    case 'play':
    case 'pause':
    case 'seek':
      return fail('not-allowed', `only the host can ${command.type}`);
    case 'push-quiz':
      return fail('not-allowed', 'only the host can push a quiz');
    case 'close-quiz':
      return fail('not-allowed', 'only the host can close a quiz');
    case 'choose':
      // The mode is the story's, fixed per node: a viewer may choose only where the choice is a timer.
      return logic.story.nodes[state.timeline.node]?.choice?.mode === 'timer' ? undefined : fail('not-allowed', 'only the host can force a choice');
    default:
      return undefined;
  }
}

function adHocProblem(q: AdHocQuiz): string | undefined {
  if (typeof q !== 'object' || q === null) return 'quiz must be a map';
  if (typeof q.id !== 'string' || !CLIENT_ID.test(q.id)) return 'quiz.id must be 1-64 letters, digits, _ or -';
  if (typeof q.prompt !== 'string' || q.prompt.length === 0 || q.prompt.length > 500) return 'quiz.prompt must be 1-500 characters';
  if (!Array.isArray(q.options) || q.options.length < 2 || q.options.length > 16 || !q.options.every((o) => typeof o === 'string' && o.length > 0 && o.length <= 200)) {
    return 'quiz.options must be 2-16 strings of 1-200 characters';
  }
  if (q.answer !== undefined && (!Number.isInteger(q.answer) || q.answer < 0 || q.answer >= q.options.length)) return 'quiz.answer must be an option index';
  if (q.points !== undefined && !(typeof q.points === 'number' && q.points >= 0 && q.points <= 1_000_000)) return 'quiz.points must be 0-1000000';
  if (q.seconds !== undefined && !(typeof q.seconds === 'number' && q.seconds > 0 && q.seconds <= AUDIENCE_LIMITS.maxAdHocSeconds)) return `quiz.seconds must be in (0, ${AUDIENCE_LIMITS.maxAdHocSeconds}]`;
  return undefined;
}
