import type { Hotspot } from '../story.ts';
import { positionAt } from '../timeline.ts';
import { quizResults } from './quiz-results.ts';
import { moderateComment } from './room-moderation.ts';
import type { RoomLogic } from './room-logic.ts';
import type { AdHocQuiz, CommandActor, CommandResult, ErrorCode, OpenQuiz, QuizRun, RoomEvent, RoomState } from './room-types.ts';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export type Emit = (event: DistributiveOmit<RoomEvent, 'version'>) => void;

/** Limits of audience features; part of the room's rules, so replays agree. */
export const AUDIENCE_LIMITS = {
  maxCommentLength: 280,
  /** At most this many comments per subject per window. */
  commentsPerWindow: 5,
  commentWindowMs: 10_000,
  /** Hotspot windows are widened by this much, for clients a little behind the room. */
  hotspotSlackSeconds: 1,
  maxAdHocSeconds: 3600,
} as const;

const fail = (code: ErrorCode, message: string): CommandResult => ({ ok: false, code, message });

/**
 * Reads an own entry of a state record. Records are plain objects (they
 * round-trip through msgpack), so a key like 'constructor' or '__proto__'
 * would otherwise find Object.prototype's members: client-chosen keys must
 * never be read or written without this.
 */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

const ok = (state: RoomState, data?: Record<string, unknown>): CommandResult => ({ ok: true, version: state.version, ...(data ? { data } : {}) });

/** What clients see of a quiz run: never its answers or correct option. */
export function openQuizView(logic: RoomLogic, run: QuizRun): OpenQuiz {
  // A story quiz closes at a media time of its node; an ad-hoc one at a server time, if timed.
  const closes = run.node === null ? undefined : logic.story.nodes[run.node]?.quizzes?.find((q) => q.id === run.id)?.closes;
  return {
    quiz: run.id,
    node: run.node,
    prompt: run.prompt,
    options: run.options,
    points: run.points,
    ...(closes === undefined ? {} : { closes }),
    ...(run.closesAt === undefined ? {} : { closesAt: run.closesAt }),
  };
}

/** Opens a quiz run and announces it. */
export function openQuiz(logic: RoomLogic, state: RoomState, run: QuizRun, emit: Emit): void {
  state.quizzes[run.id] = run;
  emit({ type: 'quiz-open', ...openQuizView(logic, run) });
}

/** Closes a quiz run at `t`: scores correct answers, announces the final results; returns the correct share. */
export function closeQuiz(state: RoomState, id: string, t: number, emit: Emit): number {
  const run = own(state.quizzes, id);
  if (!run || run.closedAt !== undefined) return 0;
  run.closedAt = t;
  const results = quizResults(run);
  if (run.answer !== undefined) {
    for (const [sub, a] of Object.entries(run.answers)) {
      if (a.option === run.answer) state.scores[sub] = (own(state.scores, sub) ?? 0) + run.points;
    }
  }
  emit({ type: 'quiz-close', quiz: id, ...(run.answer === undefined ? {} : { answer: run.answer }), results });
  return results.correctRatio ?? 0;
}

export function answerQuiz(state: RoomState, t: number, actor: CommandActor, quiz: string, option: number): CommandResult {
  const run = own(state.quizzes, quiz);
  if (!run || run.closedAt !== undefined) return fail('bad-state', `quiz '${quiz}' is not open`);
  if (!Number.isInteger(option) || option < 0 || option >= run.options.length) return fail('invalid', `option must be an index 0-${run.options.length - 1}`);
  if (own(run.answers, actor.sub)) return fail('bad-state', 'already answered: the first answer counts');
  run.answers[actor.sub] = { option, ms: Math.max(0, t - run.openedAt) };
  return ok(state);
}

/** Opens a host's ad-hoc quiz; its content and the sender's role were checked before (command-checks.ts). */
export function pushQuiz(logic: RoomLogic, state: RoomState, t: number, quiz: AdHocQuiz, emit: Emit): CommandResult {
  const existing = own(state.quizzes, quiz.id);
  if (existing && existing.closedAt === undefined) return fail('bad-state', `quiz '${quiz.id}' is already open`);
  const run: QuizRun = {
    id: quiz.id,
    node: null,
    prompt: quiz.prompt,
    options: [...quiz.options],
    ...(quiz.answer === undefined ? {} : { answer: quiz.answer }),
    points: quiz.points ?? 1,
    openedAt: t,
    ...(quiz.seconds === undefined ? {} : { closesAt: t + quiz.seconds * 1000 }),
    answers: {},
  };
  openQuiz(logic, state, run, emit);
  return ok(state);
}

/** The hotspot of the current node that is on screen at `t`, or why not. */
export function activeHotspot(logic: RoomLogic, state: RoomState, t: number, id: string): Hotspot | string {
  const node = logic.story.nodes[state.timeline.node];
  const hotspot = node?.hotspots?.find((h) => h.id === id);
  if (!hotspot) return `no hotspot '${id}' in this scene`;
  const position = positionAt(state.timeline, t);
  const slack = AUDIENCE_LIMITS.hotspotSlackSeconds;
  if (position < hotspot.from - slack || position > hotspot.to + slack) return `hotspot '${id}' is not on screen now`;
  return hotspot;
}

/** Counters of a hotspot that exists in the story (so its id is a story id, never a prototype key). */
function counts(state: RoomState, id: string) {
  return own(state.hotspots, id) ?? (state.hotspots[id] = { impressions: 0, clicks: 0, claims: 0 });
}

/** Counts a click on a hotspot already checked to be on screen. */
export function countClick(state: RoomState, id: string): void {
  counts(state, id).clicks += 1;
}

/** Counts an impression or click; forged or off-screen hotspots are errors. */
export function hotspotAction(logic: RoomLogic, state: RoomState, t: number, hotspot: string, action: 'impression' | 'click'): CommandResult {
  const found = activeHotspot(logic, state, t, hotspot);
  if (typeof found === 'string') return fail('invalid', found);
  const c = counts(state, hotspot);
  if (action === 'impression') c.impressions += 1;
  else c.clicks += 1;
  return ok(state);
}

/** Records a coupon claim whose code (checked present before) the server's campaign ledger issued. */
export function recordClaim(logic: RoomLogic, state: RoomState, t: number, hotspot: string, code: string): CommandResult {
  const found = activeHotspot(logic, state, t, hotspot);
  if (typeof found === 'string') return fail('invalid', found);
  if (found.kind !== 'coupon') return fail('invalid', `hotspot '${hotspot}' is not a coupon`);
  counts(state, hotspot).claims += 1;
  return ok(state, { code, campaign: found.campaign });
}

/**
 * Accepts a comment: its time within the media, the room's moderation
 * (room-moderation.ts: muted, the room's cap, its words), then the per-viewer rate. The text's
 * length was checked before (command-checks.ts) and the server already filtered it.
 */
export function postComment(logic: RoomLogic, state: RoomState, t: number, actor: CommandActor, text: string, at: number, emit: Emit): CommandResult {
  const trimmed = text.trim();
  const duration = logic.story.nodes[state.timeline.node]?.media.duration ?? 0;
  if (!Number.isFinite(at) || at < 0 || at > duration) return fail('invalid', `at must be a media time in [0, ${duration}]`);
  const moderated = moderateComment(state, actor, trimmed, t);
  if (!moderated.ok) return moderated.result;
  const recent = (own(state.commentTimes, actor.sub) ?? []).filter((x) => x > t - AUDIENCE_LIMITS.commentWindowMs);
  if (recent.length >= AUDIENCE_LIMITS.commentsPerWindow) {
    state.commentTimes[actor.sub] = recent;
    return fail('rate-limited', `at most ${AUDIENCE_LIMITS.commentsPerWindow} comments per ${AUDIENCE_LIMITS.commentWindowMs / 1000} s`);
  }
  state.commentTimes[actor.sub] = [...recent, t];
  moderated.count();
  state.comments += 1;
  emit({ type: 'comment', id: `c${state.version + 1}`, sub: actor.sub, node: state.timeline.node, at, text: moderated.text, t });
  return ok(state);
}
