import type { CreateEntry, LogEntry, SnapshotEntry } from './log-entry.ts';
import { createRoomLogic, createRoomState, type RoomLogic } from './room-logic.ts';
import { applyRoomInput } from './room-reducer.ts';
import type { FoldOptions, RoomInput, RoomState, RoomStep } from './room-types.ts';

/**
 * A room as the fold of its log: the compiled story and the state every input
 * so far produced. The owner, a replica, recovery and analytics all fold
 * through these functions, so "the room is the fold of its log" has one
 * meaning. The state is mutated in place (see applyRoomInput).
 */
export interface RoomFold {
  readonly logic: RoomLogic;
  readonly state: RoomState;
}

/** The fold right after a log's create record. */
export function foldCreate(entry: CreateEntry): RoomFold {
  const logic = createRoomLogic(entry.story);
  return { logic, state: createRoomState(logic, entry.room, entry.t) };
}

/** The fold a snapshot describes (the state is the snapshot's own object, not a copy). */
export function foldSnapshot(snapshot: SnapshotEntry): RoomFold {
  return { logic: createRoomLogic(snapshot.story), state: snapshot.state };
}

/** Applies one logged input through the room core (`options.skipVotes`: a cluster follower's fold, see FoldOptions). */
export function foldInput(fold: RoomFold, input: RoomInput, options?: FoldOptions): RoomStep {
  return applyRoomInput(fold.logic, fold.state, input, options);
}

/**
 * Folds one log entry onto `fold`: a create record starts the room afresh, an
 * input applies to it. `step` is what the input did; undefined for a create,
 * and for an input before any create (which changes nothing: a log without a
 * create record folds to no room).
 */
export function foldEntry(fold: RoomFold | undefined, entry: LogEntry, options?: FoldOptions): { fold: RoomFold | undefined; step: RoomStep | undefined } {
  if (entry.k === 'create') return { fold: foldCreate(entry), step: undefined };
  if (!fold) return { fold, step: undefined };
  return { fold, step: foldInput(fold, entry.input, options) };
}

/** Folds a whole log (optionally onto a snapshot's fold); undefined when it never created the room. */
export function foldLog(entries: Iterable<LogEntry>, from?: RoomFold): RoomFold | undefined {
  let fold = from;
  for (const entry of entries) fold = foldEntry(fold, entry).fold;
  return fold;
}
