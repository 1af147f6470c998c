import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Story } from '../story.ts';
import { applyRoomInput } from './room-reducer.ts';
import { createRoomLogic, createRoomState } from './room-logic.ts';
import { nextWakeAt } from './room-cues.ts';
import { hashRoomState, roomSnapshot } from './room-snapshot.ts';
import type { CommandActor, RoomCommand, RoomInput, RoomState } from './room-types.ts';

const demo = JSON.parse(readFileSync(new URL('../../stories/demo.json', import.meta.url), 'utf8')) as Story;
const logic = createRoomLogic(demo);
const host: CommandActor = { sub: 'h', role: 'host' };
const viewer = (n: number): CommandActor => ({ sub: `v${n}`, role: 'viewer' });
const T0 = 1_700_000_000_000;

function room() {
  const state = createRoomState(logic, 'r1', T0);
  const log: RoomInput[] = [];
  let n = 0;
  const send = (t: number, actor: CommandActor, command: RoomCommand) => {
    const input: RoomInput = { type: 'command', t, actor, id: `c${n++}`, command };
    log.push(input);
    return applyRoomInput(logic, state, input);
  };
  const tick = (t: number) => {
    const input: RoomInput = { type: 'tick', t };
    log.push(input);
    return applyRoomInput(logic, state, input);
  };
  return { state, log, send, tick };
}

describe('room reducer', () => {
  it('runs a whole vote: open at the cue, tally, winner, switch at the segment end', () => {
    const r = room();
    const played = r.send(T0 + 1000, host, { type: 'play' });
    expect(played.result).toEqual({ ok: true, version: 1 });
    expect(played.events[0]).toMatchObject({ type: 'timeline', version: 1, timeline: { playing: true, mediaAnchor: 0, serverAnchor: T0 + 1000 } });

    // Nothing is due before the quiz at 3 s; the next wake-up is exactly then.
    expect(nextWakeAt(demo, r.state)).toBe(T0 + 1000 + 3000);
    const opened = r.tick(T0 + 1000 + 12_000);
    // The quiz window (3-9 s) passed without answers, then the choice opened.
    expect(opened.events.map((e) => e.type)).toEqual(['quiz-open', 'quiz-close', 'choice-open']);
    expect(opened.events[2]).toMatchObject({ version: 4, node: 'intro', mode: 'vote', options: [{ id: 'vault' }], closes: 18 });

    // 'walk' is guarded (trust > 0) and nobody answered the quiz: invalid.
    expect(r.send(T0 + 14_000, viewer(1), { type: 'vote', option: 'walk' }).result).toMatchObject({ ok: false, code: 'invalid' });
    const voted = r.send(T0 + 14_000, viewer(1), { type: 'vote', option: 'vault' });
    expect(voted).toMatchObject({ result: { ok: true }, tallyChanged: true, events: [] });

    // The close cue fires at exactly 18 s media time, even though the tick is late.
    const closed = r.tick(T0 + 1000 + 18_500);
    expect(closed.events).toEqual([{ type: 'switch', version: 5, node: 'intro', option: 'vault', to: 'vault', atMedia: 20, counts: { vault: 1 } }]);
    expect(r.send(T0 + 19_600, viewer(2), { type: 'vote', option: 'vault' }).result).toMatchObject({ ok: false, code: 'bad-state' });

    const switched = r.tick(T0 + 1000 + 20_250);
    expect(switched.events[0]).toMatchObject({ type: 'node', node: 'vault', from: 'intro', option: 'vault', timeline: { node: 'vault', mediaAnchor: 0, serverAnchor: T0 + 21_000, playing: true } });
  });

  it('counts a changed vote once, and a tie goes to the default', () => {
    // As if the quiz had awarded trust, so 'walk' is allowed.
    const s = createRoomState(logic, 'r2', T0);
    s.machine.context.vars.trust = 1;
    applyRoomInput(logic, s, { type: 'command', t: T0, actor: host, id: 'p', command: { type: 'play' } });
    applyRoomInput(logic, s, { type: 'tick', t: T0 + 12_000 });
    const vote = (sub: string, option: string, id: string) =>
      applyRoomInput(logic, s, { type: 'command', t: T0 + 13_000, actor: { sub, role: 'viewer' }, id, command: { type: 'vote', option } });
    vote('a', 'walk', '1');
    vote('a', 'vault', '2');
    vote('a', 'walk', '3');
    vote('b', 'vault', '1');
    const closed = applyRoomInput(logic, s, { type: 'tick', t: T0 + 18_000 });
    expect(closed.events[0]).toMatchObject({ type: 'switch', option: 'vault', counts: { vault: 1, walk: 1 } });
  });

  it('folds a merged vote batch exactly like the same vote commands one by one', () => {
    const open = () => {
      const s = createRoomState(logic, 'r3', T0);
      s.machine.context.vars.trust = 1;
      applyRoomInput(logic, s, { type: 'command', t: T0, actor: host, id: 'p', command: { type: 'play' } });
      applyRoomInput(logic, s, { type: 'tick', t: T0 + 12_000 });
      return s;
    };
    const votes: Array<[string, string, string]> = [['a', '1', 'walk'], ['b', '1', 'vault'], ['a', '2', 'vault'], ['a', '1', 'walk'], ['c', '1', 'nowhere']];
    const batched = open();
    const step = applyRoomInput(logic, batched, { type: 'votes', t: T0 + 13_000, votes });
    // The retried ('a', '1') gets its remembered answer and does not move a's vote back.
    expect(step.results?.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'ok', 'ok', 'ok', 'invalid']);
    expect(step.tallyChanged).toBe(true);
    const single = open();
    for (const [sub, id, option] of votes) applyRoomInput(logic, single, { type: 'command', t: T0 + 13_000, actor: { sub, role: 'viewer' }, id, command: { type: 'vote', option } });
    expect(hashRoomState(batched)).toBe(hashRoomState(single));
    expect(applyRoomInput(logic, batched, { type: 'tick', t: T0 + 18_000 }).events[0]).toMatchObject({ type: 'switch', counts: { vault: 2, walk: 0 } });
  });

  it('reports a tally change for a batch whose last vote repeats its viewer\'s choice', () => {
    const s = createRoomState(logic, 'r', T0);
    s.machine.context.vars.trust = 1;
    applyRoomInput(logic, s, { type: 'command', t: T0, actor: host, id: 'p', command: { type: 'play' } });
    applyRoomInput(logic, s, { type: 'tick', t: T0 + 12_000 });
    applyRoomInput(logic, s, { type: 'command', t: T0 + 12_500, actor: { sub: 'b', role: 'viewer' }, id: '0', command: { type: 'vote', option: 'vault' } });
    // a's vote changes the tally; b's repeats b's choice and changes nothing.
    const step = applyRoomInput(logic, s, { type: 'votes', t: T0 + 13_000, votes: [['a', '1', 'walk'], ['b', '1', 'vault']] });
    expect(step.tallyChanged).toBe(true);
  });

  it('enforces roles and answers a retried command id without re-applying it', () => {
    const r = room();
    expect(r.send(T0, viewer(1), { type: 'play' }).result).toMatchObject({ ok: false, code: 'not-allowed' });
    expect(r.send(T0, viewer(1), { type: 'seek', position: 3 }).result).toMatchObject({ ok: false, code: 'not-allowed' });
    const first = applyRoomInput(logic, r.state, { type: 'command', t: T0, actor: host, id: 'same', command: { type: 'play' } });
    const again = applyRoomInput(logic, r.state, { type: 'command', t: T0 + 5, actor: host, id: 'same', command: { type: 'pause' } });
    expect(again.result).toEqual(first.result);
    expect(again.events).toEqual([]);
    expect(r.state.timeline.playing).toBe(true);
  });

  it("keeps a '__proto__' subject's vote and remembered answers as ordinary entries", () => {
    const s = createRoomState(logic, 'r1', T0);
    applyRoomInput(logic, s, { type: 'command', t: T0, actor: host, id: 'p', command: { type: 'play' } });
    applyRoomInput(logic, s, { type: 'tick', t: T0 + 12_000 });
    const odd: CommandActor = { sub: '__proto__', role: 'viewer' };
    const first = applyRoomInput(logic, s, { type: 'command', t: T0 + 12_500, actor: odd, id: 'x', command: { type: 'vote', option: 'vault' } });
    expect(first.result).toMatchObject({ ok: true });
    const retried = applyRoomInput(logic, s, { type: 'command', t: T0 + 12_600, actor: odd, id: 'x', command: { type: 'vote', option: 'walk' } });
    expect(retried.result).toEqual(first.result);
    expect(Object.getPrototypeOf(s.recent)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(s.votes)).toBe(Object.prototype);
    expect(Object.keys(s.votes)).toEqual(['__proto__']);
    expect(s.votes.__proto__).toBe('vault');
  });

  it('host choice loops while waiting, then switches when the host picks', () => {
    const r = room();
    r.send(T0, host, { type: 'play' });
    r.tick(T0 + 20_000); // intro ends, default 'vault' wins with no votes
    expect(r.state.timeline).toMatchObject({ node: 'vault', serverAnchor: T0 + 20_000 });
    r.tick(T0 + 20_000 + 16_000); // vault segment ends undecided: loop back to 6 s
    expect(r.state.timeline).toMatchObject({ node: 'vault', mediaAnchor: 6, serverAnchor: T0 + 36_000 });
    expect(r.send(T0 + 37_000, viewer(1), { type: 'choose', option: 'trip' }).result).toMatchObject({ code: 'not-allowed' });
    const chosen = r.send(T0 + 37_000, host, { type: 'choose', option: 'trip' });
    expect(chosen.events[0]).toMatchObject({ type: 'switch', to: 'caught', atMedia: 16 });
    const end = r.tick(T0 + 36_000 + 10_000);
    expect(end.events.map((e) => e.type)).toEqual(['node', 'ended']);
    expect(roomSnapshot(logic, r.state)).toMatchObject({ node: 'caught', ended: true, vars: { alarm: true } });
  });

  it('pausing stops the cues; folding the log again gives the same state and hash', () => {
    const r = room();
    r.send(T0, host, { type: 'play' });
    r.send(T0 + 5_000, host, { type: 'pause' });
    expect(nextWakeAt(demo, r.state)).toBeUndefined();
    expect(r.tick(T0 + 60_000).events).toEqual([]);
    r.send(T0 + 61_000, host, { type: 'play' });
    r.send(T0 + 62_000, host, { type: 'seek', position: 13 });
    r.send(T0 + 62_500, viewer(1), { type: 'vote', option: 'vault' });
    r.tick(T0 + 90_000);
    const replayed: RoomState = createRoomState(logic, 'r1', T0);
    for (const input of r.log) applyRoomInput(logic, replayed, input);
    expect(replayed).toEqual(r.state);
    expect(hashRoomState(replayed)).toBe(hashRoomState(r.state));
  });
});

describe('room reducer: timer mode', () => {
  const timerStory: Story = {
    format: 'branchcast/story@1',
    id: 'timer',
    title: 'Timer',
    start: 'a',
    nodes: {
      a: {
        media: { src: 't/a.mpd', duration: 10 },
        choice: { opens: 2, closes: 6, switchAt: 8, mode: 'timer', default: 'stay', options: [{ id: 'stay', label: 'Stay', to: 'b' }, { id: 'go', label: 'Go', to: 'c' }] },
      },
      b: { media: { src: 't/b.mpd', duration: 1 }, ending: { title: 'B' } },
      c: { media: { src: 't/c.mpd', duration: 1 }, ending: { title: 'C' } },
    },
  };
  const timerLogic = createRoomLogic(timerStory);
  const start = () => {
    const s = createRoomState(timerLogic, 't', T0);
    applyRoomInput(timerLogic, s, { type: 'command', t: T0, actor: host, id: 'p', command: { type: 'play' } });
    return s;
  };

  it('plays the default when nobody acts, switching at the declared switchAt', () => {
    const s = start();
    const closed = applyRoomInput(timerLogic, s, { type: 'tick', t: T0 + 6000 });
    expect(closed.events.at(-1)).toMatchObject({ type: 'switch', option: 'stay', to: 'b', atMedia: 8 });
    const moved = applyRoomInput(timerLogic, s, { type: 'tick', t: T0 + 8000 });
    expect(moved.events[0]).toMatchObject({ type: 'node', node: 'b', timeline: { serverAnchor: T0 + 8000 } });
  });

  it('lets a viewer act before the timer runs out; votes are refused', () => {
    const s = start();
    applyRoomInput(timerLogic, s, { type: 'tick', t: T0 + 2000 });
    const vote = applyRoomInput(timerLogic, s, { type: 'command', t: T0 + 3000, actor: viewer(1), id: 'v', command: { type: 'vote', option: 'go' } });
    expect(vote.result).toMatchObject({ ok: false, code: 'bad-state' });
    const acted = applyRoomInput(timerLogic, s, { type: 'command', t: T0 + 3000, actor: viewer(1), id: 'c', command: { type: 'choose', option: 'go' } });
    expect(acted.events[0]).toMatchObject({ type: 'switch', option: 'go', to: 'c', atMedia: 8 });
    // A second act after the decision is too late.
    const late = applyRoomInput(timerLogic, s, { type: 'command', t: T0 + 3500, actor: viewer(2), id: 'c', command: { type: 'choose', option: 'stay' } });
    expect(late.result).toMatchObject({ ok: false, code: 'bad-state' });
  });
});
