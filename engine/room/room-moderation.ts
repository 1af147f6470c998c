/**
 * Host moderation (issue 19): mute, remove a comment, kick, and the room's
 * comment policy (a room-wide rate cap and masked words). Every action is a
 * host command in the room's log, so it replays, survives restarts and
 * reaches cluster followers by the same fold as everything else.
 */
import type { Emit } from './room-audience.ts';
import type { CommandActor, CommandResult, ErrorCode, ModerationState, RoomCommand, RoomState } from './room-types.ts';
import { maskWords } from './word-mask.ts';

export const MODERATION_LIMITS = {
  maxSubLength: 256,
  maxPerMinute: 600,
  maxWords: 200,
  maxWordLength: 64,
  windowMs: 60_000,
} as const;

type ModerationCommand = Extract<RoomCommand, { type: 'mute' | 'unmute' | 'remove-comment' | 'kick' | 'comment-policy' }>;

const fail = (code: ErrorCode, message: string): CommandResult => ({ ok: false, code, message });
const ok = (state: RoomState): CommandResult => ({ ok: true, version: state.version });
/** Own entries only: subjects and ids are client-chosen keys (see own() in room-audience.ts). */
const own = (record: Record<string, true>, key: string): boolean => Object.hasOwn(record, key);
/** Comment ids are `c` and the room version their event got (room-audience.ts postComment). */
const COMMENT_ID = /^c[1-9][0-9]{0,15}$/;

export function isModerationCommand(command: RoomCommand): command is ModerationCommand {
  return command.type === 'mute' || command.type === 'unmute' || command.type === 'remove-comment' || command.type === 'kick' || command.type === 'comment-policy';
}

/** The room's moderation, created on first use (a room that never moderated has none, and hashes as before). */
export function moderationOf(state: RoomState): ModerationState {
  return (state.moderation ??= { muted: {}, kicked: {}, removed: {}, perMinute: 0, words: [], recentComments: [] });
}

/** Whether a host kicked `sub` out of this room. */
export function isKicked(state: RoomState, sub: string): boolean {
  return state.moderation !== undefined && own(state.moderation.kicked, sub);
}

/** Level 1 (command-checks.ts): a moderation command no room state could accept. */
export function moderationRequestProblem(command: ModerationCommand): CommandResult | undefined {
  switch (command.type) {
    case 'mute':
    case 'unmute':
    case 'kick':
      return typeof command.sub === 'string' && command.sub.length > 0 && command.sub.length <= MODERATION_LIMITS.maxSubLength ? undefined : fail('invalid', `sub must be 1-${MODERATION_LIMITS.maxSubLength} characters`);
    case 'remove-comment':
      return COMMENT_ID.test(command.comment) ? undefined : fail('invalid', 'comment must be a comment id (c and a number)');
    case 'comment-policy': {
      const { perMinute, words } = command;
      if (!Number.isInteger(perMinute) || perMinute < 0 || perMinute > MODERATION_LIMITS.maxPerMinute) return fail('invalid', `perMinute must be an integer 0-${MODERATION_LIMITS.maxPerMinute} (0: no cap)`);
      if (!Array.isArray(words) || words.length > MODERATION_LIMITS.maxWords) return fail('invalid', `words must be a list of at most ${MODERATION_LIMITS.maxWords}`);
      const bad = words.find((w) => typeof w !== 'string' || w.trim().length === 0 || [...w.trim()].length > MODERATION_LIMITS.maxWordLength);
      return bad === undefined ? undefined : fail('invalid', `each word must be 1-${MODERATION_LIMITS.maxWordLength} characters`);
    }
  }
}

/** Level 2: only hosts moderate; and a subject a host kicked may send nothing more. */
export function moderationRoleProblem(state: RoomState, actor: CommandActor, command: RoomCommand): CommandResult | undefined {
  if (isKicked(state, actor.sub)) return fail('not-allowed', 'you were removed from this room');
  if (actor.role !== 'host' && isModerationCommand(command)) return fail('not-allowed', `only the host can ${command.type === 'comment-policy' ? 'set the comment policy' : command.type.replace('-', ' ')}`);
  return undefined;
}

/** What a room that never moderated reads (never written: a refused command must leave the state as it was). */
const NONE: ModerationState = Object.freeze({ muted: {}, kicked: {}, removed: {}, perMinute: 0, words: [], recentComments: [] });

/** Levels 3-5 of a moderation command from a host (levels 1 and 2 were checked). */
export function applyModeration(state: RoomState, actor: CommandActor, command: ModerationCommand, emit: Emit): CommandResult {
  const seen = state.moderation ?? NONE;
  switch (command.type) {
    case 'mute':
    case 'unmute': {
      const muting = command.type === 'mute';
      if (own(seen.muted, command.sub) === muting) return fail('bad-state', `'${command.sub}' is ${muting ? 'already' : 'not'} muted`);
      if (muting) moderationOf(state).muted[command.sub] = true;
      else delete moderationOf(state).muted[command.sub];
      emit({ type: 'muted', sub: command.sub, muted: muting });
      return ok(state);
    }
    case 'kick':
      if (command.sub === actor.sub) return fail('invalid', 'a host cannot kick itself');
      if (own(seen.kicked, command.sub)) return fail('bad-state', `'${command.sub}' was already removed`);
      moderationOf(state).kicked[command.sub] = true;
      emit({ type: 'kicked', sub: command.sub });
      return ok(state);
    case 'remove-comment': {
      // Ids are versions: one above the room's version was never given out.
      if (Number(command.comment.slice(1)) > state.version) return fail('invalid', `no comment '${command.comment}'`);
      if (own(seen.removed, command.comment)) return fail('bad-state', `comment '${command.comment}' was already removed`);
      moderationOf(state).removed[command.comment] = true;
      emit({ type: 'comment-removed', id: command.comment });
      return ok(state);
    }
    case 'comment-policy': {
      const m = moderationOf(state);
      m.perMinute = command.perMinute;
      m.words = [...new Set(command.words.map((w) => w.trim()))];
      emit({ type: 'comment-policy', perMinute: m.perMinute, words: m.words.length });
      return ok(state);
    }
  }
}

/**
 * A comment under the room's moderation, checked after its media time and
 * before the sender's own rate: `muted`, then the text with the room's
 * words masked (a comment that is nothing but masked words is `invalid`),
 * then the room-wide cap (viewers only). Returns the text to post, or why not.
 */
export function moderateComment(state: RoomState, actor: CommandActor, text: string, t: number): { ok: true; text: string; count: () => void } | { ok: false; result: CommandResult } {
  const m = state.moderation;
  if (!m) return { ok: true, text, count: () => undefined };
  if (own(m.muted, actor.sub)) return { ok: false, result: fail('muted', 'a host muted your comments in this room') };
  const masked = maskWords(text, m.words);
  if (masked !== text && masked.replace(/[\s*]/g, '') === '') return { ok: false, result: fail('invalid', 'comment refused by the room word filter') };
  if (actor.role !== 'viewer' || m.perMinute === 0) return { ok: true, text: masked, count: () => undefined };
  // Written only once the comment is accepted: a refused command is not logged, so it must change nothing the hash covers.
  const recent = m.recentComments.filter((x) => x > t - MODERATION_LIMITS.windowMs);
  if (recent.length >= m.perMinute) return { ok: false, result: fail('rate-limited', `the host allows ${m.perMinute} comments a minute in this room`) };
  return { ok: true, text: masked, count: () => void (m.recentComments = [...recent, t]) };
}
