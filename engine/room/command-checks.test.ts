import { describe, expect, it } from 'vitest';
import type { Story } from '../story.ts';
import { createRoomLogic, createRoomState } from './room-logic.ts';
import { applyRoomInput } from './room-reducer.ts';
import type { CommandActor, RoomCommand, RoomInput } from './room-types.ts';

/** A vote node with a quiz, then a timer node: every combination of errors below has a place to happen. */
const story: Story = {
  format: 'branchcast/story@1',
  id: 'rules',
  title: 'Error rule',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'r/a.mpd', duration: 20 },
      quizzes: [{ id: 'q', opens: 1, closes: 4, prompt: 'Which?', options: ['A', 'B'], answer: 0 }],
      choice: { opens: 5, closes: 10, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 't' }, { id: 'y', label: 'Y', to: 't' }] },
    },
    t: {
      media: { src: 'r/t.mpd', duration: 20 },
      choice: { opens: 2, closes: 8, mode: 'timer', default: 'go', options: [{ id: 'go', label: 'Go', to: 'end' }, { id: 'stay', label: 'Stay', to: 'end' }] },
    },
    end: { media: { src: 'r/end.mpd', duration: 5 }, ending: { title: 'End' } },
  },
} as Story;
const logic = createRoomLogic(story);
const T0 = 1_700_000_000_000;
const host: CommandActor = { sub: 'h', role: 'host' };
const viewer: CommandActor = { sub: 'v', role: 'viewer' };
const badQuiz = { id: 'pop', prompt: '', options: ['only one'] };
const goodQuiz = { id: 'pop', prompt: 'Now?', options: ['yes', 'no'] };

function room() {
  const state = createRoomState(logic, 'r', T0);
  let n = 0;
  const apply = (input: RoomInput) => applyRoomInput(logic, state, input);
  const send = (t: number, actor: CommandActor, command: RoomCommand, id = `c${n++}`) => apply({ type: 'command', t, actor, id, command }).result;
  return { state, apply, send, code: (t: number, actor: CommandActor, command: RoomCommand, id?: string) => { const r = send(t, actor, command, id); return r?.ok ? 'ok' : r?.code; } };
}

describe('the error rule: malformed → role → not now → argument → own allowance', () => {
  it('a malformed command is invalid before the role is looked at', () => {
    const r = room();
    expect(r.code(T0, viewer, { type: 'push-quiz', quiz: badQuiz })).toBe('invalid');
    expect(r.code(T0, viewer, { type: 'push-quiz', quiz: { ...goodQuiz, id: 'q' } })).toBe('invalid'); // a story quiz's id
    expect(r.code(T0, viewer, { type: 'push-quiz', quiz: goodQuiz })).toBe('not-allowed');
    expect(r.code(T0, viewer, { type: 'seek', position: Number.NaN })).toBe('invalid');
    expect(r.code(T0, viewer, { type: 'seek', position: 3 })).toBe('not-allowed');
  });

  it('the role is checked before the state: a viewer choosing outside a timer choice is not-allowed, open or not', () => {
    const r = room();
    expect(r.code(T0, viewer, { type: 'choose', option: 'x' })).toBe('not-allowed'); // no choice open yet
    expect(r.code(T0, host, { type: 'choose', option: 'x' })).toBe('bad-state');
    r.send(T0, host, { type: 'play' });
    r.apply({ type: 'tick', t: T0 + 5000 });
    expect(r.code(T0 + 5000, viewer, { type: 'choose', option: 'x' })).toBe('not-allowed'); // open, but a vote
    expect(r.code(T0 + 5000, viewer, { type: 'choose', option: 'nope' })).toBe('not-allowed');
    expect(r.code(T0 + 5000, host, { type: 'choose', option: 'nope' })).toBe('invalid');
  });

  it('in a timer choice a viewer may choose: not now is bad-state, a wrong option is invalid', () => {
    const r = room();
    r.send(T0, host, { type: 'seek', position: 20 }); // past the vote: default x, then the switch to t
    expect(r.state.timeline.node).toBe('t');
    expect(r.code(T0, viewer, { type: 'choose', option: 'nope' })).toBe('bad-state'); // t's choice opens at 2 s
    r.send(T0, host, { type: 'seek', position: 3 });
    expect(r.code(T0, viewer, { type: 'choose', option: 'nope' })).toBe('invalid');
    expect(r.code(T0, viewer, { type: 'choose', option: 'stay' })).toBe('ok');
  });

  it('a closed room answers level 1 and 2 first, then bad-state; a retried id keeps its first answer', () => {
    const r = room();
    expect(r.code(T0, host, { type: 'play' }, 'first')).toBe('ok');
    r.apply({ type: 'close', t: T0 + 100 });
    expect(r.code(T0 + 200, viewer, { type: 'play' })).toBe('not-allowed');
    expect(r.code(T0 + 200, viewer, { type: 'comment', text: '   ', at: 1 })).toBe('invalid');
    expect(r.code(T0 + 200, host, { type: 'push-quiz', quiz: badQuiz })).toBe('invalid');
    expect(r.code(T0 + 200, viewer, { type: 'comment', text: 'hi', at: 99 })).toBe('bad-state');
    expect(r.code(T0 + 200, host, { type: 'pause' })).toBe('bad-state');
    expect(r.send(T0 + 200, host, { type: 'pause' }, 'first')).toEqual({ ok: true, version: 1 });
  });

  it('not now (bad-state) comes before a wrong argument (invalid), which comes before an allowance spent', () => {
    const r = room();
    expect(r.code(T0, viewer, { type: 'vote', option: 'nope' })).toBe('bad-state'); // no choice open
    expect(r.code(T0, viewer, { type: 'answer', quiz: 'q', option: 7 })).toBe('bad-state'); // quiz not open
    r.send(T0, host, { type: 'play' });
    r.apply({ type: 'tick', t: T0 + 1000 });
    expect(r.code(T0 + 1000, viewer, { type: 'answer', quiz: 'q', option: 1 })).toBe('ok');
    expect(r.code(T0 + 1100, viewer, { type: 'answer', quiz: 'q', option: 7 })).toBe('invalid'); // bad index beats "already answered"
    expect(r.code(T0 + 1100, viewer, { type: 'answer', quiz: 'q', option: 0 })).toBe('bad-state');
    for (let i = 0; i < 5; i++) expect(r.code(T0 + 1200, viewer, { type: 'comment', text: `c${i}`, at: 1 })).toBe('ok');
    expect(r.code(T0 + 1200, viewer, { type: 'comment', text: 'late', at: 99 })).toBe('invalid'); // outside the media beats the rate
    expect(r.code(T0 + 1200, viewer, { type: 'comment', text: 'late', at: 2 })).toBe('rate-limited');
  });

  it('a rate-limited answer is not remembered: the same id is accepted once the window has passed', () => {
    const r = room();
    for (let i = 0; i < 5; i++) r.send(T0, viewer, { type: 'comment', text: `c${i}`, at: 1 });
    expect(r.code(T0 + 1000, viewer, { type: 'comment', text: 'again', at: 1 }, 'retry-me')).toBe('rate-limited');
    expect(r.code(T0 + 11_000, viewer, { type: 'comment', text: 'again', at: 1 }, 'retry-me')).toBe('ok');
    expect(r.state.comments).toBe(6);
  });

  it('a hotspot click that stands for a command is checked as that command after the hotspot', () => {
    const spots = createRoomLogic({
      ...story,
      nodes: {
        ...story.nodes,
        a: { ...story.nodes.a!, choice: { ...story.nodes.a!.choice!, mode: 'host' }, hotspots: [{ id: 'pick', kind: 'choice', option: 'y', from: 5, to: 10, region: { x: 0, y: 0, w: 0.1, h: 0.1 } }] },
      },
    } as Story);
    const state = createRoomState(spots, 'r', T0);
    const send = (t: number, actor: CommandActor, command: RoomCommand) => applyRoomInput(spots, state, { type: 'command', t, actor, id: `h${t}${actor.sub}`, command }).result;
    expect(send(T0, viewer, { type: 'hotspot', hotspot: 'pick', action: 'click' })).toMatchObject({ code: 'invalid' }); // not on screen yet
    send(T0, host, { type: 'seek', position: 6 });
    expect(send(T0 + 1, viewer, { type: 'hotspot', hotspot: 'pick', action: 'click' })).toMatchObject({ code: 'not-allowed' }); // a host choice
    expect(send(T0 + 2, host, { type: 'hotspot', hotspot: 'pick', action: 'click' })).toMatchObject({ ok: true });
  });
});
