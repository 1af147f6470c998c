import type { StoryContext } from '../machine-types.ts';
import type { VoteBook } from '../tally.ts';
import type { Timeline } from '../timeline.ts';
import type { ChoiceMode } from '../story.ts';

export type Role = 'host' | 'viewer';

/** Who sent a command: the verified token's subject and role. */
export interface CommandActor {
  sub: string;
  role: Role;
}

/** What viewers and hosts ask a room to do. Roles are checked by the room, not trusted from clients. */
export type RoomCommand =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'seek'; position: number }
  | { type: 'vote'; option: string }
  | { type: 'choose'; option: string };

export type RoomCommandType = RoomCommand['type'];

/** One entry of a room's event log. The room's state is the fold of its log. */
export type RoomInput =
  | { type: 'command'; t: number; actor: CommandActor; id: string; command: RoomCommand }
  /** The server's cue scheduler woke up at `t`: fire every cue that is due. */
  | { type: 'tick'; t: number }
  | { type: 'close'; t: number };

export type ErrorCode = 'not-allowed' | 'bad-state' | 'rate-limited' | 'invalid';

export type CommandResult = { ok: true; version: number } | { ok: false; code: ErrorCode; message: string };

/** A decided branch switch, waiting for its media position. */
export interface PendingSwitch {
  option: string;
  to: string;
  /** Media position (s) in the current node where the switch happens. */
  atMedia: number;
}

/** The authoritative state of one room. Everything in it is covered by the state hash except `recent`. */
export interface RoomState {
  room: string;
  story: string;
  /** Incremented by every versioned event. */
  version: number;
  timeline: Timeline;
  /** The compiled story's snapshot, as plain data (restored with machine.resolveState). */
  machine: { value: string | Record<string, string>; context: StoryContext };
  /** Live votes of the open choice. */
  votes: VoteBook;
  /** Cue keys fired during this visit of the current node (see cueKey). */
  fired: string[];
  pendingSwitch: PendingSwitch | null;
  closed: boolean;
  /** Recent command ids and results per subject, so a retried command is answered, not re-applied. */
  recent: Record<string, Array<[string, CommandResult]>>;
}

/** Every state change clients must see, each carrying the room version it produced. */
export type RoomEvent =
  | { type: 'timeline'; version: number; timeline: Timeline }
  | {
      type: 'choice-open';
      version: number;
      node: string;
      mode: ChoiceMode;
      prompt?: string;
      options: Array<{ id: string; label: string }>;
      default: string;
      /** Media position (s) where the window closes. */
      closes: number;
    }
  | { type: 'switch'; version: number; node: string; option: string; to: string; atMedia: number; counts: Record<string, number> }
  | { type: 'node'; version: number; node: string; from: string; option?: string; timeline: Timeline }
  | { type: 'ended'; version: number; node: string; title: string }
  | { type: 'closed'; version: number };

export type RoomEventType = RoomEvent['type'];

/** What one input did: versioned events to broadcast, the command's result, and whether the live tally moved. */
export interface RoomStep {
  events: RoomEvent[];
  result?: CommandResult;
  tallyChanged: boolean;
}
