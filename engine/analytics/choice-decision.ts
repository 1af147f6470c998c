/** How a choice was decided, as analytics report it: from the switch event the room core emitted, and what caused it. */
import type { RoomLogic } from '../room/index.ts';
import type { RoomCommand, RoomEvent } from '../room/room-types.ts';
import type { Hotspot } from '../story.ts';
import { defaultText } from '../text.ts';
import type { ChoiceDecision, DecidedBy } from './analytics-types.ts';

/** Whether a command, when it produced a switch, decided it by hand (rather than a cue closing the window). */
export function decidesByHand(logic: RoomLogic, command: RoomCommand): boolean {
  if (command.type === 'choose') return true;
  return command.type === 'hotspot' && command.action === 'click' && findHotspot(logic, command.hotspot)?.hotspot.kind === 'choice';
}

export function decision(logic: RoomLogic, e: Extract<RoomEvent, { type: 'switch' }>, t: number, byHand: DecidedBy | undefined): ChoiceDecision {
  const choice = logic.story.nodes[e.node]?.choice;
  const mode = choice?.mode ?? 'vote';
  const totalVotes = Object.values(e.counts).reduce((sum, n) => sum + n, 0);
  return {
    t,
    version: e.version,
    node: e.node,
    mode,
    option: e.option,
    label: defaultText(choice?.options.find((o) => o.id === e.option)?.label ?? e.option, logic.story),
    to: e.to,
    decidedBy: byHand ?? closedBy(mode, e.option, e.counts),
    counts: { ...e.counts },
    totalVotes,
  };
}

/** How a window that closed by its cue was decided: a clear vote leader, or the default. */
function closedBy(mode: 'vote' | 'host' | 'timer', option: string, counts: Record<string, number>): DecidedBy {
  if (mode === 'timer') return 'timer';
  if (mode === 'host') return 'default';
  const n = counts[option] ?? 0;
  const leader = n > 0 && Object.entries(counts).every(([o, c]) => o === option || c < n);
  return leader ? 'vote' : 'default';
}

/** The node and definition of a hotspot id (story hotspot ids are unique). */
export function findHotspot(logic: RoomLogic, id: string): { node: string; hotspot: Hotspot } | undefined {
  for (const [node, n] of Object.entries(logic.story.nodes)) {
    const hotspot = n.hotspots?.find((h) => h.id === id);
    if (hotspot) return { node, hotspot };
  }
  return undefined;
}
