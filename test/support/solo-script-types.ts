import type { RoomCommand } from '../../engine/room/index.ts';

/** One host command of a script, and the room version once it (and any real-time cue it waits for) is done. */
export interface ScriptStep {
  command: RoomCommand;
  /** The runner waits for the EVENTS frame that brings the room to this version before it observes. */
  version: number;
  /** The step plays on until a cue fires by itself (the server's timer, not a seek). */
  realtime?: boolean;
}

/** The commands that walk one path of a story to its ending. */
export interface PathScript {
  story: string;
  ending: string;
  /** The nodes the planned walk visits, start to ending. */
  nodes: string[];
  steps: ScriptStep[];
}
