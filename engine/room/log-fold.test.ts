import { describe, expect, it } from 'vitest';
import { choiceStory } from '../../test/support/story-fixtures.ts';
import { decodeLogEntry, decodeSnapshot, encodeLogEntry, encodeSnapshot, type LogEntry } from './log-entry.ts';
import { foldCreate, foldEntry, foldLog, foldSnapshot } from './log-fold.ts';
import { createRoomLogic, createRoomState } from './room-logic.ts';
import { applyRoomInput } from './room-reducer.ts';
import { hashRoomState } from './room-snapshot.ts';
import type { RoomInput } from './room-types.ts';

const story = choiceStory();
const host = { sub: 'h', role: 'host' as const };
const inputs: RoomInput[] = [
  { type: 'command', t: 10, actor: host, id: 'c1', command: { type: 'play' } },
  { type: 'presence', t: 20, actor: { sub: 'v', role: 'viewer' }, action: 'join' },
  { type: 'votes', t: 6_010, votes: [['v', 'a', 'x'], ['w', 'b', 'x']] },
  { type: 'tick', t: 60_000 },
];
const log: LogEntry[] = [{ k: 'create', room: 'r', t: 0, story }, ...inputs.map((input): LogEntry => ({ k: 'input', input }))];

/** The state a room reaches applying the inputs itself, hashed. */
function appliedHash(): string {
  const logic = createRoomLogic(story);
  const state = createRoomState(logic, 'r', 0);
  for (const input of inputs) applyRoomInput(logic, state, input);
  return hashRoomState(state);
}

describe('the log fold', () => {
  it('folds a log, through its encoded records, to the state the room reached applying the same inputs', () => {
    const decoded = log.map((entry) => decodeLogEntry(encodeLogEntry(entry)));
    const fold = foldLog(decoded);
    expect(fold && hashRoomState(fold.state)).toBe(appliedHash());
    expect(fold?.state.version).toBeGreaterThan(0);
  });

  it('continues from a snapshot exactly as from the start', () => {
    const head = foldLog(log.slice(0, 3));
    if (!head) throw new Error('no fold');
    const snapshot = decodeSnapshot(encodeSnapshot({ story: head.logic.story, state: head.state }));
    const fold = foldLog(log.slice(3), foldSnapshot(snapshot));
    expect(fold && hashRoomState(fold.state)).toBe(appliedHash());
  });

  it('a log without a create record folds to no room; a create record starts afresh', () => {
    expect(foldLog(log.slice(1))).toBeUndefined();
    const folded = foldLog(log);
    const restarted = foldEntry(folded, { k: 'create', room: 'r2', t: 5, story });
    expect(restarted.step).toBeUndefined();
    expect(restarted.fold?.state).toEqual(foldCreate({ k: 'create', room: 'r2', t: 5, story }).state);
  });
});
