import { nodeCues, type Cue } from '../cues.ts';
import type { Story } from '../story.ts';
import { positionAt, serverTimeAt } from '../timeline.ts';
import type { RoomState } from './room-types.ts';

/** Identifies a cue within one visit of a node, e.g. `choice-open` or `quiz-close:liar`. */
export function cueKey(cue: Cue): string {
  return 'quiz' in cue ? `${cue.kind}:${cue.quiz}` : cue.kind;
}

/** Where the current node's segment ends: a decided choice may switch early, at `switchAt`. */
export function effectiveEnd(story: Story, state: RoomState): number {
  const node = story.nodes[state.timeline.node];
  if (!node) return 0;
  const switchAt = node.choice?.switchAt;
  return state.pendingSwitch && switchAt !== undefined ? switchAt : node.media.duration;
}

/** The current node's cues in firing order, with the segment end moved to the effective end. */
export function roomCues(story: Story, state: RoomState): Cue[] {
  const node = story.nodes[state.timeline.node];
  if (!node) return [];
  const end = effectiveEnd(story, state);
  return nodeCues(node).map((c) => (c.kind === 'segment-end' ? { ...c, at: end } : c)).filter((c) => c.at <= end);
}

/** The first unfired cue that is due at server time `t`, if any. */
export function dueCue(story: Story, state: RoomState, t: number): Cue | undefined {
  const position = positionAt(state.timeline, t);
  // A microsecond of slack absorbs float error between serverTimeAt and positionAt.
  return roomCues(story, state).find((c) => !state.fired.includes(cueKey(c)) && c.at <= position + 1e-6);
}

/**
 * When the server should next wake the room (epoch ms), or undefined if nothing
 * is scheduled (paused, closed, or no cue ahead). Pause and seek simply change this.
 */
export function nextWakeAt(story: Story, state: RoomState): number | undefined {
  if (state.closed) return undefined;
  const next = state.timeline.playing ? roomCues(story, state).find((c) => !state.fired.includes(cueKey(c))) : undefined;
  const cueAt = next === undefined ? undefined : serverTimeAt(state.timeline, next.at);
  // Timed ad-hoc quizzes close on room time, whether or not the video plays.
  const quizAt = Object.values(state.quizzes).reduce<number | undefined>(
    (min, q) => (q.closedAt === undefined && q.closesAt !== undefined && (min === undefined || q.closesAt < min) ? q.closesAt : min),
    undefined,
  );
  if (cueAt === undefined) return quizAt;
  return quizAt === undefined ? cueAt : Math.min(cueAt, quizAt);
}
