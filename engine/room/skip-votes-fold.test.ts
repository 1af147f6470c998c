import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Story } from '../story.ts';
import { applyRoomInput } from './room-reducer.ts';
import { createRoomLogic, createRoomState } from './room-logic.ts';
import { hashRoomState } from './room-snapshot.ts';
import type { CommandActor, RoomInput, RoomState } from './room-types.ts';

const demo = JSON.parse(readFileSync(new URL('../../stories/demo.json', import.meta.url), 'utf8')) as Story;
const logic = createRoomLogic(demo);
const host: CommandActor = { sub: 'h', role: 'host' };
const T0 = 1_700_000_000_000;

/** A room at the intro's vote with 'walk' allowed (as if the quiz had awarded trust). */
function openRoom(): RoomState {
  const state = createRoomState(logic, 'r', T0);
  state.machine.context.vars.trust = 1;
  return state;
}

/** The intro's vote, won by 'walk' against the default 'vault', with a host vote command and a node change after. */
const inputs: RoomInput[] = [
  { type: 'command', t: T0, actor: host, id: 'p', command: { type: 'play' } },
  { type: 'tick', t: T0 + 12_000 },
  { type: 'votes', t: T0 + 13_000, votes: [['a', '1', 'walk'], ['b', '1', 'walk'], ['c', '1', 'vault']] },
  { type: 'votes', t: T0 + 14_000, votes: [['c', '2', 'walk']] },
  { type: 'tick', t: T0 + 18_000 },
  { type: 'tick', t: T0 + 21_000 },
];

/** The owner's fold, and its log as the owner writes it: each input with the vote decisions it made. */
function ownerRun(): { owner: RoomState; logged: RoomInput[]; hashes: string[]; events: unknown[] } {
  const owner = openRoom();
  const logged: RoomInput[] = [];
  const hashes: string[] = [];
  const events: unknown[] = [];
  for (const input of inputs) {
    const step = applyRoomInput(logic, owner, input);
    logged.push(step.decided ? { ...input, decided: step.decided } : input);
    // A follower's state is the owner's with an empty vote book.
    hashes.push(hashRoomState({ ...owner, votes: {} }));
    events.push(step.events);
  }
  return { owner, logged, hashes, events };
}

describe('a fold that skips votes (a cluster follower)', () => {
  it('matches the owner at every record, vote book aside, and closes the vote as the owner decided', () => {
    const { logged, hashes, events } = ownerRun();
    expect(logged[4]?.decided).toEqual([{ option: 'walk', counts: { vault: 0, walk: 3 } }]);
    const follower = openRoom();
    logged.forEach((input, i) => {
      const step = applyRoomInput(logic, follower, input, { skipVotes: true });
      expect(follower.votes).toEqual({});
      expect(hashRoomState(follower)).toBe(hashes[i]);
      expect(step.events).toEqual(events[i]);
    });
    expect(follower.timeline.node).toBe('walk');
  });

  it('without the logged decision it could only guess: the default wins (why the owner logs it)', () => {
    const follower = openRoom();
    for (const input of inputs) applyRoomInput(logic, follower, input, { skipVotes: true });
    expect(follower.timeline.node).toBe('vault');
  });

  it('a full fold ignores a logged decision and counts its own votes', () => {
    const { logged, owner } = ownerRun();
    const forged = logged.map((input) => (input.decided ? { ...input, decided: [{ option: 'vault', counts: { vault: 9, walk: 0 } }] } : input));
    const replayed = openRoom();
    for (const input of forged) applyRoomInput(logic, replayed, input);
    expect(hashRoomState(replayed)).toBe(hashRoomState(owner));
    expect(replayed.timeline.node).toBe('walk');
  });
});

describe('a closed room', () => {
  it('answers each vote of another node\'s batch: refused as closed, a retried id with its first answer', () => {
    const state = openRoom();
    applyRoomInput(logic, state, inputs[0] as RoomInput);
    applyRoomInput(logic, state, inputs[1] as RoomInput);
    applyRoomInput(logic, state, { type: 'votes', t: T0 + 13_000, votes: [['a', '1', 'walk']] });
    applyRoomInput(logic, state, { type: 'close', t: T0 + 13_500 });
    const step = applyRoomInput(logic, state, { type: 'votes', t: T0 + 14_000, votes: [['a', '1', 'walk'], ['b', '1', 'walk'], ['c', '1', 'nowhere']] });
    expect(step.results).toEqual([
      { ok: true, version: expect.any(Number) as number },
      { ok: false, code: 'bad-state', message: 'the room is closed' },
      { ok: false, code: 'bad-state', message: 'the room is closed' },
    ]);
    expect(step.events).toEqual([]);
  });
});
