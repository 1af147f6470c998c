/**
 * What the player's playback, overlays and debug figures read from a room:
 * a model, a clock and a command channel. A live room (RoomController, over
 * the WebSocket) and a solo run (SoloController, the same room core in this
 * page) both provide it, so everything downstream is one code path.
 */
import type { RoomCommand } from '../../engine/room/room-types.ts';
import type { CommandAck, SessionStatus } from '../../client/session/session-types.ts';
import type { RoomModel } from '../sync/room-model.ts';

/** The room clock as the player sees it: the server's estimate, or a solo run's own clock. */
export interface ClockView {
  readonly ready: boolean;
  /** Room time now (ms): what the timeline formula takes. */
  serverNow(): number;
  /** ± ms the estimate may be off (0 for a solo clock, which is exact). */
  readonly uncertainty: number | undefined;
  readonly offset: number | undefined;
  readonly rtt: number | undefined;
  readonly samples: number;
}

export interface RoomView {
  readonly model: RoomModel | null;
  readonly clock: ClockView | null;
  readonly status: SessionStatus;
  command(cmd: RoomCommand): Promise<CommandAck>;
  /** Local optimistic changes (e.g. "you answered"). */
  update(fn: (m: RoomModel) => RoomModel): void;
}
