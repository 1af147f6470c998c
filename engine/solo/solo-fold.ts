import { requestProblem } from '../room/command-checks.ts';
import { createRoomState, type RoomLogic } from '../room/room-logic.ts';
import { nextWakeAt } from '../room/room-cues.ts';
import { applyRoomInput } from '../room/room-reducer.ts';
import type { RoomState } from '../room/room-types.ts';
import type { SoloInput } from './solo-input.ts';

/** A solo play folded through the room core so far: what the next batch is checked against. */
export interface SoloFold {
  readonly logic: RoomLogic;
  readonly room: string;
  /** Undefined until the first input, whose time starts the room (as the session's clock does). */
  state: RoomState | undefined;
  /** Inputs folded. */
  length: number;
  /** Time of the last input folded. */
  lastT: number;
}

export type SoloFoldResult =
  | { ok: true; refused: number }
  | { ok: false; index: number; reason: string; code: 'invalid-input' | 'too-many-events' };

export function createSoloFold(logic: RoomLogic, room: string): SoloFold {
  return { logic, room, state: undefined, length: 0, lastT: -Infinity };
}

/**
 * Folds a batch of decoded solo inputs onto `fold`, through the same room core
 * a live room runs, and says whether every input is one a solo session can
 * produce: times never go back, and no command is one the room core refuses
 * whatever its state (level 1 of command-checks.ts, e.g. a claim or an
 * overlong comment). A command refused only by the state of the moment (a
 * choice that just closed, a second answer) is kept: it changed nothing, and a
 * real session logs it too.
 *
 * `maxEvents` bounds the work: client-chosen times can make one input fire
 * thousands of cues (a long jump over a looping node). So the cues due before
 * each input fire first as ticks at their own times, one wake-up at a time
 * (the same state, since a fold fires every due cue at its exact time however
 * late ticks run), and the batch stops once it produced more events than
 * that. Mutates `fold`; on failure the caller discards it (the state may hold
 * part of the batch). `index` counts from the batch's first input.
 */
export function foldSoloInputs(fold: SoloFold, inputs: readonly SoloInput[], maxEvents: number): SoloFoldResult {
  let refused = 0;
  let events = 0;
  for (const [index, input] of inputs.entries()) {
    if (input.t < fold.lastT) return { ok: false, index, code: 'invalid-input', reason: `t ${input.t} is before the previous input's ${fold.lastT}: times must not decrease` };
    if (input.type === 'command') {
      const problem = requestProblem(fold.logic, input.command);
      if (problem && !problem.ok) return { ok: false, index, code: 'invalid-input', reason: problem.message };
    }
    const state = (fold.state ??= createRoomState(fold.logic, fold.room, input.t));
    const tooMany = (): SoloFoldResult => ({ ok: false, index, code: 'too-many-events', reason: `the batch made the room produce more than ${maxEvents} events` });
    let wake = nextWakeAt(fold.logic.story, state);
    while (wake !== undefined && wake < input.t) {
      const before = state.version;
      applyRoomInput(fold.logic, state, { type: 'tick', t: wake });
      // A wake-up that emitted nothing (a host choice's close) is still work.
      events += Math.max(1, state.version - before);
      if (events > maxEvents) return tooMany();
      const next = nextWakeAt(fold.logic.story, state);
      if (next !== undefined && next <= wake) break; // no progress: the input itself fires the rest
      wake = next;
    }
    const before = state.version;
    const step = applyRoomInput(fold.logic, state, input);
    if (step.result && !step.result.ok) refused += 1;
    events += state.version - before;
    fold.length += 1;
    fold.lastT = input.t;
    if (events > maxEvents) return tooMany();
  }
  return { ok: true, refused };
}
