/**
 * The client's view of a room: a pure fold of WELCOME, EVENTS, TALLY and
 * COMMENTS. Every function returns a new object, so Lit sees a change.
 */
import type { CommentsMessage, TallyMessage } from '../../engine/protocol/messages.ts';
import type { RoomSnapshot } from '../../engine/room/room-snapshot.ts';
import type { OpenQuiz, QuizResults, RoomEvent } from '../../engine/room/room-types.ts';
import { serverTimeAt, type Timeline } from '../../engine/timeline.ts';

export interface ChoiceView {
  node: string;
  mode: string;
  prompt?: string;
  options: Array<{ id: string; label: string }>;
  default: string;
  closes: number;
  counts: Record<string, number>;
  total: number;
  /** Set once decided. */
  winner?: string;
}

export interface QuizView extends OpenQuiz {
  /** This client's answer (option index), once sent. */
  mine?: number;
  closed?: { answer?: number; results: QuizResults };
}

export interface CommentView {
  id: string;
  sub: string;
  node: string;
  at: number;
  text: string;
}

export interface RoomModel {
  story: string;
  version: number;
  timeline: Timeline;
  node: string;
  ended: string | null;
  closed: boolean;
  choice: ChoiceView | null;
  pendingSwitch: { node: string; option: string; to: string; atMedia: number } | null;
  quizzes: QuizView[];
  comments: CommentView[];
}

/** At most this many comments kept per node (the server sends ±30 s windows anyway). */
const MAX_COMMENTS = 500;

export function modelFromSnapshot(s: RoomSnapshot): RoomModel {
  const choice = s.choice
    ? { node: s.node, mode: s.choice.mode, ...(s.choice.prompt === undefined ? {} : { prompt: s.choice.prompt }), options: s.choice.options, default: s.choice.default, closes: s.choice.closes, counts: s.choice.counts, total: sum(s.choice.counts) }
    : null;
  return {
    story: s.story,
    version: s.version,
    timeline: s.timeline,
    node: s.node,
    ended: s.ended ? s.node : null,
    closed: s.closed,
    choice: choice && s.pendingSwitch ? { ...choice, winner: s.pendingSwitch.option } : choice,
    pendingSwitch: s.pendingSwitch ? { node: s.node, ...s.pendingSwitch } : null,
    // Quizzes already open when this client joined (servers before the field send none).
    quizzes: (s.quizzes ?? []).map((q) => ({ ...q })),
    comments: [],
  };
}

/** The OpenQuiz part of a quiz-open event (without its type and version). */
function openQuizOf({ type: _type, version: _version, ...quiz }: RoomEvent & { type: 'quiz-open' }): QuizView {
  return quiz;
}

export function applyEvent(m: RoomModel, ev: RoomEvent): RoomModel {
  const next = { ...m, version: ev.version };
  switch (ev.type) {
    case 'timeline':
      return { ...next, timeline: ev.timeline };
    case 'choice-open':
      return { ...next, choice: { node: ev.node, mode: ev.mode, ...(ev.prompt === undefined ? {} : { prompt: ev.prompt }), options: ev.options, default: ev.default, closes: ev.closes, counts: Object.fromEntries(ev.options.map((o) => [o.id, 0])), total: 0 } };
    case 'switch':
      return { ...next, pendingSwitch: { node: ev.node, option: ev.option, to: ev.to, atMedia: ev.atMedia }, choice: m.choice ? { ...m.choice, counts: ev.counts, total: sum(ev.counts), winner: ev.option } : null };
    case 'node':
      return { ...next, node: ev.node, timeline: ev.timeline, pendingSwitch: null, choice: null, ended: null, quizzes: m.quizzes.filter((q) => q.node === null && !q.closed), comments: [] };
    case 'ended':
      return { ...next, ended: ev.title };
    case 'closed':
      return { ...next, closed: true };
    case 'quiz-open':
      return { ...next, quizzes: [...m.quizzes.filter((q) => q.quiz !== ev.quiz), openQuizOf(ev)] };
    case 'quiz-close':
      return { ...next, quizzes: m.quizzes.map((q) => (q.quiz === ev.quiz ? { ...q, closed: { ...(ev.answer === undefined ? {} : { answer: ev.answer }), results: ev.results } } : q)) };
    case 'comment':
      if (ev.node !== m.node) return next;
      return { ...next, comments: addComments(m.comments, [{ id: ev.id, sub: ev.sub, node: ev.node, at: ev.at, text: ev.text }]) };
    default:
      return next; // unknown event types are ignored (§2)
  }
}

export function applyTally(m: RoomModel, t: TallyMessage): RoomModel {
  if (!m.choice || m.choice.node !== t.node || m.choice.winner) return m;
  return { ...m, choice: { ...m.choice, counts: t.counts, total: t.total } };
}

export function applyComments(m: RoomModel, c: CommentsMessage): RoomModel {
  if (c.node !== m.node) return m;
  return { ...m, comments: addComments(m.comments, c.comments.map((x) => ({ id: x.id, sub: x.sub, node: c.node, at: x.at, text: x.text }))) };
}

export function markAnswered(m: RoomModel, quiz: string, option: number): RoomModel {
  return { ...m, quizzes: m.quizzes.map((q) => (q.quiz === quiz ? { ...q, mine: option } : q)) };
}

/** Server time (ms) of the announced switch, if one is pending and the timeline runs. */
export function switchInstant(m: RoomModel): number | undefined {
  return m.pendingSwitch && m.pendingSwitch.node === m.timeline.node ? serverTimeAt(m.timeline, m.pendingSwitch.atMedia) : undefined;
}

/**
 * The timeline to follow at server time `t`: past the announced switch
 * instant, the next node's (predicted exactly as the server will start it),
 * so every player switches on time even before the `node` event arrives.
 */
export function effectiveTimeline(m: RoomModel, t: number): Timeline {
  const at = switchInstant(m);
  if (at === undefined || t < at || !m.pendingSwitch) return m.timeline;
  return { node: m.pendingSwitch.to, mediaAnchor: 0, serverAnchor: at, rate: m.timeline.rate, playing: true };
}

function addComments(list: CommentView[], more: CommentView[]): CommentView[] {
  const seen = new Set(list.map((c) => c.id));
  const merged = [...list, ...more.filter((c) => !seen.has(c.id))].sort((a, b) => a.at - b.at);
  return merged.length > MAX_COMMENTS ? merged.slice(merged.length - MAX_COMMENTS) : merged;
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
