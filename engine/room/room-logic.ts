import { initialTransition, transition } from 'xstate';
import { compileStory, type StoryMachine } from '../compile.ts';
import { describeSnapshot, type StorySnapshot, type StoryView } from '../describe.ts';
import type { StoryEvent } from '../machine-types.ts';
import type { Story } from '../story.ts';
import { startNode } from '../timeline.ts';
import type { RoomState } from './room-types.ts';

/** A story compiled once and shared by every room that plays it. */
export interface RoomLogic {
  story: Story;
  machine: StoryMachine;
  /** Views of machine snapshots, by snapshot object (see viewOf). */
  views: WeakMap<RoomState['machine'], StoryView>;
}

export function createRoomLogic(story: Story): RoomLogic {
  return { story, machine: compileStory(story), views: new WeakMap() };
}

/** A new room: the story's start node, paused at 0, version 0. */
export function createRoomState(logic: RoomLogic, room: string, t: number): RoomState {
  const [snapshot] = initialTransition(logic.machine);
  return {
    room,
    story: logic.story.id,
    version: 0,
    timeline: startNode(logic.story.start, t, false),
    machine: toPlain(snapshot),
    votes: {},
    fired: [],
    pendingSwitch: null,
    closed: false,
    quizzes: {},
    scores: {},
    hotspots: {},
    commentTimes: {},
    comments: 0,
    present: 0,
    recent: {},
  };
}

/** Sends one event through the pure XState transition; returns the new plain snapshot and its view. */
export function stepMachine(logic: RoomLogic, machine: RoomState['machine'], event: StoryEvent): { machine: RoomState['machine']; view: StoryView } {
  const [next] = transition(logic.machine, restore(logic, machine), event);
  return { machine: toPlain(next), view: describeSnapshot(logic.story, next) };
}

/**
 * The story view of a room's machine snapshot. Cached per snapshot object:
 * snapshots are replaced, never mutated, and most commands (every vote) only
 * read the view, so restoring the XState snapshot each time was the main cost.
 */
export function viewOf(logic: RoomLogic, machine: RoomState['machine']): StoryView {
  let view = logic.views.get(machine);
  if (!view) {
    view = describeSnapshot(logic.story, restore(logic, machine));
    logic.views.set(machine, view);
  }
  return view;
}

function restore(logic: RoomLogic, machine: RoomState['machine']): StorySnapshot {
  return logic.machine.resolveState({ value: machine.value, context: machine.context });
}

function toPlain(snapshot: StorySnapshot): RoomState['machine'] {
  return { value: snapshot.value as RoomState['machine']['value'], context: snapshot.context };
}
