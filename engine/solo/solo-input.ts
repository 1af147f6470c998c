import { parseCommand, WIRE_LIMITS } from '../protocol/client-message.ts';
import type { CommandActor, RoomInput } from '../room/room-types.ts';

/**
 * The solo viewer (issue 15): the host of a room of one. A solo session's
 * commands all carry this actor; its host role lets one `choose` resolve vote,
 * host and timer choices alike.
 */
export const SOLO_ACTOR: Readonly<CommandActor> = Object.freeze({ sub: 'solo', role: 'host' });

/** Largest |t| a solo input may carry: the range of a JavaScript Date, in ms. */
export const MAX_SOLO_TIME = 8.64e15;

/** One input of a solo session's log; only these two kinds exist in a room of one. */
export type SoloInput = Extract<RoomInput, { type: 'command' | 'tick' }>;

/**
 * Decodes one untrusted input of a solo play: a `tick`, or a `command` from
 * SOLO_ACTOR whose command decodes like a client's (engine/protocol). Total:
 * any value gives an input built from checked fields only, or a reason.
 */
export function parseSoloInput(raw: unknown): SoloInput | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'an input must be an object with a type';
  const value = raw as Record<string, unknown>;
  const t = value.t;
  if (typeof t !== 'number' || !Number.isFinite(t) || Math.abs(t) > MAX_SOLO_TIME) return 't must be a finite number of milliseconds';
  if (value.type === 'tick') return { type: 'tick', t };
  if (value.type !== 'command') return "type must be 'command' or 'tick' (a solo play has no other inputs)";
  const actor = value.actor as Record<string, unknown> | null | undefined;
  if (typeof actor !== 'object' || actor === null || actor.sub !== SOLO_ACTOR.sub || actor.role !== SOLO_ACTOR.role) return `actor must be ${JSON.stringify(SOLO_ACTOR)}`;
  const id = value.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > WIRE_LIMITS.maxIdLength) return `id must be a string of 1-${WIRE_LIMITS.maxIdLength} characters`;
  const command = parseCommand(value.command);
  if (typeof command === 'string') return command;
  return { type: 'command', t, actor: { ...SOLO_ACTOR }, id, command };
}
