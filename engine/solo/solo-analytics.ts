import { createAnalyticsReplay } from '../analytics/room-analytics.ts';
import type { AnalyticsLogEntry, RoomAnalytics } from '../analytics/analytics-types.ts';
import { createRoomLogic, createRoomState } from '../room/room-logic.ts';
import { applyRoomInput } from '../room/room-reducer.ts';
import type { Story } from '../story.ts';
import type { SoloInput } from './solo-input.ts';

/** A stored solo play, as analytics reads it. */
export interface SoloPlayLog {
  play: string;
  story: Story;
  inputs: Iterable<SoloInput>;
  /**
   * Added to every time: the session's clock to the server's (epoch ms), so
   * exports show real dates. Any constant gives the same fold.
   */
  clockOffset: number;
}

/** The room id a solo play reports under in analytics exports. */
export const soloRoomId = (play: string): string => `solo:${play}`;

/**
 * A solo play as a room log, ready for the analytics replay: a create record
 * at the first input's time, then the inputs with their times moved by
 * `clockOffset` and the solo subject replaced by the play's room id (so plays
 * stay apart when exported together). A command the room refused when it was
 * folded (a choice that had just closed) becomes a tick at its time: it
 * changed nothing but the cues due by then, which is what a tick fires, and a
 * live room's log holds no refused commands either.
 */
export function* soloPlayEntries(log: SoloPlayLog): Generator<AnalyticsLogEntry> {
  const room = soloRoomId(log.play);
  const logic = createRoomLogic(log.story);
  let state: ReturnType<typeof createRoomState> | undefined;
  for (const input of log.inputs) {
    const t = input.t + log.clockOffset;
    if (!state) {
      state = createRoomState(logic, room, input.t);
      yield { k: 'create', room, t, story: log.story };
    }
    const result = applyRoomInput(logic, state, input).result;
    if (input.type === 'tick' || (result && !result.ok)) yield { k: 'input', input: { type: 'tick', t } };
    else yield { k: 'input', input: { ...input, t, actor: { sub: room, role: input.actor.role } } };
  }
}

/** The analytics of one solo play, replayed through the same room core and reducer as a room's. */
export function soloPlayAnalytics(log: SoloPlayLog): RoomAnalytics {
  const replay = createAnalyticsReplay();
  for (const entry of soloPlayEntries(log)) replay.add(entry);
  return replay.result();
}
