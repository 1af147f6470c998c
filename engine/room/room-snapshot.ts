import type { ChoiceMode, Scalar } from '../story.ts';
import { stateHash } from '../state-hash.ts';
import { defaultText } from '../text.ts';
import { countVotes } from '../tally.ts';
import type { Timeline } from '../timeline.ts';
import { viewOf, type RoomLogic } from './room-logic.ts';
import { openQuizView } from './room-audience.ts';
import type { OpenQuiz, PendingSwitch, RoomState } from './room-types.ts';

/** What a joining or resyncing client receives: everything needed to render the room now. */
export interface RoomSnapshot {
  room: string;
  story: string;
  version: number;
  /** stateHash of the authoritative state (see hashRoomState). */
  hash: string;
  timeline: Timeline;
  node: string;
  phase: 'playing' | 'open' | 'decided' | 'ended';
  ended: boolean;
  closed: boolean;
  vars: Record<string, Scalar>;
  choice?: {
    mode: ChoiceMode;
    prompt?: string;
    options: Array<{ id: string; label: string }>;
    default: string;
    closes: number;
    counts: Record<string, number>;
  };
  pendingSwitch?: PendingSwitch;
  /** Quizzes open now (without anyone's answers), so a late joiner can still answer. */
  quizzes?: OpenQuiz[];
  /** Comments accepted so far in the room. */
  comments?: number;
}

/**
 * The hash covers the authoritative state: everything but bookkeeping that
 * is not the room's story (the idempotency cache, comment rate-limit times,
 * and how many connections are present). Two nodes with equal hashes agree.
 */
export function hashRoomState(state: RoomState): string {
  const { recent: _recent, commentTimes: _commentTimes, present: _present, ...authoritative } = state;
  return stateHash(authoritative);
}

export function roomSnapshot(logic: RoomLogic, state: RoomState): RoomSnapshot {
  const view = viewOf(logic, state.machine);
  const snapshot: RoomSnapshot = {
    room: state.room,
    story: state.story,
    version: state.version,
    hash: hashRoomState(state),
    timeline: state.timeline,
    node: state.timeline.node,
    phase: view.phase,
    ended: view.ended,
    closed: state.closed,
    vars: view.vars,
    quizzes: Object.values(state.quizzes)
      .filter((q) => q.closedAt === undefined)
      .map((q) => openQuizView(logic, q)),
    comments: state.comments,
  };
  const choice = logic.story.nodes[state.timeline.node]?.choice;
  if (choice && view.choice) {
    const allowed = new Set(view.choice.options);
    snapshot.choice = {
      mode: choice.mode,
      ...(choice.prompt === undefined ? {} : { prompt: defaultText(choice.prompt, logic.story) }),
      options: choice.options.filter((o) => allowed.has(o.id)).map((o) => ({ id: o.id, label: defaultText(o.label, logic.story) })),
      default: choice.default,
      closes: choice.closes,
      counts: countVotes(state.votes, view.choice.options),
    };
  }
  if (state.pendingSwitch) snapshot.pendingSwitch = state.pendingSwitch;
  return snapshot;
}
