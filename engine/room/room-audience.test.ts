import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Story } from '../story.ts';
import { AUDIENCE_LIMITS } from './room-audience.ts';
import { nextWakeAt } from './room-cues.ts';
import { createRoomLogic, createRoomState, type RoomLogic } from './room-logic.ts';
import { applyRoomInput } from './room-reducer.ts';
import { hashRoomState, roomSnapshot } from './room-snapshot.ts';
import type { AdHocQuiz, CommandActor, RoomCommand, RoomEvent, RoomInput, RoomState } from './room-types.ts';

const loadStory = (name: string) => JSON.parse(readFileSync(new URL(`../../stories/${name}.json`, import.meta.url), 'utf8')) as Story;
const demo = createRoomLogic(loadStory('demo'));
const lesson = createRoomLogic(loadStory('lesson'));
const host: CommandActor = { sub: 'h', role: 'host' };
const viewer = (n: number): CommandActor => ({ sub: `v${n}`, role: 'viewer' });
const T0 = 1_700_000_000_000;

/** A room on a simulated clock that records its log, as the server would. */
function room(logic: RoomLogic = demo) {
  const state = createRoomState(logic, 'r1', T0);
  const log: RoomInput[] = [];
  const events: RoomEvent[] = [];
  let n = 0;
  const apply = (input: RoomInput) => {
    log.push(input);
    const step = applyRoomInput(logic, state, input);
    events.push(...step.events);
    return step;
  };
  return {
    state,
    log,
    events,
    apply,
    send: (t: number, actor: CommandActor, command: RoomCommand) => apply({ type: 'command', t, actor, id: `c${n++}`, command }),
    tick: (t: number) => apply({ type: 'tick', t }),
    answer: (t: number, actor: CommandActor, quiz: string, option: number) => apply({ type: 'command', t, actor, id: `c${n++}`, command: { type: 'answer', quiz, option } }),
  };
}

const vars = (logic: RoomLogic, state: RoomState) => roomSnapshot(logic, state).vars;

describe('story quizzes', () => {
  it('open and close at their cues, broadcasting the final results', () => {
    const r = room();
    r.send(T0, host, { type: 'play' });
    expect(nextWakeAt(demo.story, r.state)).toBe(T0 + 3000);
    const opened = r.tick(T0 + 3000);
    expect(opened.events).toEqual([
      { type: 'quiz-open', version: 2, quiz: 'liar', node: 'intro', prompt: 'Who is lying about the guard rota?', options: ['Ana', 'Ben'], points: 1, closes: 9 },
    ]);
    expect(r.state.quizzes.liar).toMatchObject({ node: 'intro', openedAt: T0 + 3000, answers: {} });
    expect(nextWakeAt(demo.story, r.state)).toBe(T0 + 9000); // hotspot windows are not cues: next is the close

    expect(r.answer(T0 + 3200, viewer(1), 'liar', 1).result).toEqual({ ok: true, version: 2 });
    expect(r.answer(T0 + 4500, viewer(2), 'liar', 0).result).toMatchObject({ ok: true });
    expect(r.answer(T0 + 5000, viewer(3), 'liar', 1)).toMatchObject({ result: { ok: true }, events: [] });

    const closed = r.tick(T0 + 9000);
    expect(closed.events).toEqual([
      {
        type: 'quiz-close',
        version: 3,
        quiz: 'liar',
        answer: 1,
        results: { quiz: 'liar', counts: [1, 2], total: 3, correct: 2, correctRatio: 2 / 3, buckets: [1, 1, 1], heat: [[0, 1, 0], [1, 0, 1]] },
      },
    ]);
    expect(r.state.quizzes.liar?.closedAt).toBe(T0 + 9000);
    expect(r.state.scores).toEqual({ v1: 1, v3: 1 });
    // The award reaches the machine: trust = points × correct ratio.
    expect(vars(demo, r.state).trust).toBeCloseTo(2 / 3);
  });

  it('counts the first answer only; rejects bad options, unknown and closed quizzes', () => {
    const r = room();
    r.send(T0, host, { type: 'play' });
    expect(r.answer(T0 + 1000, viewer(1), 'liar', 1).result).toMatchObject({ ok: false, code: 'bad-state' }); // not open yet
    r.tick(T0 + 3000);
    expect(r.answer(T0 + 3500, viewer(1), 'liar', 0).result).toMatchObject({ ok: true });
    expect(r.answer(T0 + 3600, viewer(1), 'liar', 1).result).toMatchObject({ ok: false, code: 'bad-state' });
    for (const option of [2, -1, 0.5, Number.NaN]) {
      expect(r.answer(T0 + 3700, viewer(2), 'liar', option).result).toMatchObject({ ok: false, code: 'invalid' });
    }
    expect(r.answer(T0 + 3800, viewer(2), 'nope', 0).result).toMatchObject({ ok: false, code: 'bad-state' });
    expect(r.state.quizzes.liar?.answers).toEqual({ v1: { option: 0, ms: 500 } });

    // A late answer with no tick in between: the close fires first, at its exact time, and the answer is refused.
    const late = r.answer(T0 + 9500, viewer(3), 'liar', 1);
    expect(late.result).toMatchObject({ ok: false, code: 'bad-state' });
    expect(late.events.map((e) => e.type)).toEqual(['quiz-close']);
    expect(r.state.quizzes.liar?.closedAt).toBe(T0 + 9000);
    expect(r.state.scores).toEqual({});
  });

  it('an unanswered quiz closes with empty results and awards nothing', () => {
    const r = room();
    r.send(T0, host, { type: 'play' });
    const step = r.tick(T0 + 9000);
    expect(step.events.map((e) => e.type)).toEqual(['quiz-open', 'quiz-close']);
    expect(step.events[1]).toMatchObject({ results: { counts: [0, 0], total: 0, correct: 0, correctRatio: 0, buckets: [], heat: [[], []] } });
    expect(vars(demo, r.state).trust).toBe(0);
  });
});

describe('the award routes the lesson', () => {
  /** Plays stories/lesson.json through `halves`; `n` viewers answer, the first `half`/`quarter` of them correctly. */
  function runLesson(n: number, halfCorrect: number, quarterCorrect: number) {
    const r = room(lesson);
    r.send(T0, host, { type: 'play' });
    r.tick(T0 + 8_000); // welcome ends: halves starts at T0 + 8 s
    r.tick(T0 + 14_000); // half opens (6 s)
    for (let i = 0; i < n; i++) r.answer(T0 + 15_000 + i, viewer(i), 'half', i < halfCorrect ? 1 : 0);
    r.tick(T0 + 22_000); // half closes (14 s)
    r.tick(T0 + 26_000); // quarter opens (18 s)
    for (let i = 0; i < n; i++) r.answer(T0 + 27_000 + i, viewer(i), 'quarter', i < quarterCorrect ? 1 : 2);
    r.tick(T0 + 34_000); // quarter closes (26 s)
    r.tick(T0 + 38_000); // halves ends (30 s)
    const nodes = r.events.filter((e) => e.type === 'node').map((e) => e.type === 'node' && [e.from, e.node, e.timeline.serverAnchor]);
    return { r, nodes };
  }

  // The route is score < 1.5 → remedial, where score = Σ points × correct ratio over both quizzes.
  it.each([
    [4, 4, 4, 'summary'],
    [4, 3, 3, 'summary'], // 0.75 + 0.75 = 1.5 is not below 1.5
    [4, 4, 2, 'summary'],
    [4, 0, 0, 'remedial'],
    [4, 2, 2, 'remedial'],
    [3, 2, 2, 'remedial'], // 2/3 + 2/3 < 1.5
    [0, 0, 0, 'remedial'], // nobody answered: ratio 0
  ])('%i viewers, %i correct on half, %i on quarter → %s', (n, half, quarter, to) => {
    const { r, nodes } = runLesson(n, half, quarter);
    expect(nodes).toEqual([
      ['welcome', 'halves', T0 + 8_000],
      ['halves', to, T0 + 38_000],
    ]);
    expect(r.events.filter((e) => e.type === 'quiz-close').map((e) => e.type === 'quiz-close' && [e.quiz, e.results.total, e.results.correct])).toEqual([
      ['half', n, half],
      ['quarter', n, quarter],
    ]);
    const expectedScore = (n === 0 ? 0 : half / n) + (n === 0 ? 0 : quarter / n);
    expect(vars(lesson, r.state).score).toBeCloseTo(expectedScore);
    // Per-subject running scores add up both quizzes.
    for (let i = 0; i < n; i++) expect(r.state.scores[`v${i}`] ?? 0).toBe(Number(i < half) + Number(i < quarter));
  });
});

describe('ad-hoc quizzes (teacher mode)', () => {
  const quiz = (over: Partial<AdHocQuiz> = {}): AdHocQuiz => ({ id: 'pop', prompt: '2 + 2?', options: ['3', '4', '5'], answer: 1, ...over });

  it('only the host pushes; malformed quizzes are invalid; an open id cannot be pushed twice', () => {
    const r = room();
    expect(r.send(T0, viewer(1), { type: 'push-quiz', quiz: quiz() }).result).toMatchObject({ ok: false, code: 'not-allowed' });
    const bad: AdHocQuiz[] = [
      quiz({ id: '' }),
      quiz({ id: 'has space' }),
      quiz({ id: 'x'.repeat(65) }),
      quiz({ prompt: '' }),
      quiz({ prompt: 'p'.repeat(501) }),
      quiz({ options: ['only'] }),
      quiz({ options: Array.from({ length: 17 }, (_, i) => `o${i}`) }),
      quiz({ options: ['a', ''] }),
      quiz({ options: ['a', 'b'.repeat(201)] }),
      quiz({ answer: 3 }),
      quiz({ answer: -1 }),
      quiz({ answer: 0.5 }),
      quiz({ points: -1 }),
      quiz({ points: 1_000_001 }),
      quiz({ seconds: 0 }),
      quiz({ seconds: AUDIENCE_LIMITS.maxAdHocSeconds + 1 }),
      quiz({ seconds: Number.NaN }),
      { ...quiz(), options: 'a,b' as unknown as string[] },
      null as unknown as AdHocQuiz,
    ];
    for (const q of bad) {
      const step = r.send(T0, host, { type: 'push-quiz', quiz: q });
      expect(step.result, JSON.stringify(q)).toMatchObject({ ok: false, code: 'invalid' });
      expect(step.events).toEqual([]);
    }
    expect(r.state.quizzes).toEqual({});
    expect(r.state.version).toBe(0);

    const pushed = r.send(T0 + 10, host, { type: 'push-quiz', quiz: quiz({ points: 3 }) });
    expect(pushed.events).toEqual([{ type: 'quiz-open', version: 1, quiz: 'pop', node: null, prompt: '2 + 2?', options: ['3', '4', '5'], points: 3 }]);
    expect(r.send(T0 + 20, host, { type: 'push-quiz', quiz: quiz() }).result).toMatchObject({ ok: false, code: 'bad-state' });
    // Boundaries that are allowed.
    expect(r.send(T0 + 30, host, { type: 'push-quiz', quiz: { id: 'A_b-9', prompt: 'p'.repeat(500), options: Array.from({ length: 16 }, (_, i) => `o${i}`), points: 0, seconds: 3600 } }).result).toMatchObject({ ok: true });
  });

  it('a timed quiz closes by itself at closesAt, even while paused', () => {
    const r = room();
    const pushed = r.send(T0 + 1000, host, { type: 'push-quiz', quiz: quiz({ seconds: 5, points: 2 }) });
    expect(pushed.events[0]).toMatchObject({ type: 'quiz-open', quiz: 'pop', node: null, closesAt: T0 + 6000 });
    expect(pushed.events[0]).not.toHaveProperty('closes');
    expect(r.state.timeline.playing).toBe(false);
    expect(nextWakeAt(demo.story, r.state)).toBe(T0 + 6000);

    r.answer(T0 + 1500, viewer(1), 'pop', 1);
    r.answer(T0 + 3999, viewer(2), 'pop', 0);
    expect(r.answer(T0 + 5999, viewer(3), 'pop', 1).result).toMatchObject({ ok: true });

    const closed = r.tick(T0 + 7000); // a late tick: the close is stamped at closesAt
    expect(closed.events).toEqual([
      {
        type: 'quiz-close',
        version: 2,
        quiz: 'pop',
        answer: 1,
        results: { quiz: 'pop', counts: [1, 2, 0], total: 3, correct: 2, correctRatio: 2 / 3, buckets: [1, 0, 1, 0, 1], heat: [[0, 0, 1, 0, 0], [1, 0, 0, 0, 1], [0, 0, 0, 0, 0]] },
      },
    ]);
    expect(r.state.quizzes.pop?.closedAt).toBe(T0 + 6000);
    expect(r.state.scores).toEqual({ v1: 2, v3: 2 });
    expect(nextWakeAt(demo.story, r.state)).toBeUndefined();
    // Ad-hoc quizzes do not touch the story's variables.
    expect(vars(demo, r.state).trust).toBe(0);
  });

  it('an answer exactly at closesAt is too late', () => {
    const r = room();
    r.send(T0, host, { type: 'push-quiz', quiz: quiz({ seconds: 2 }) });
    const step = r.answer(T0 + 2000, viewer(1), 'pop', 1);
    expect(step.result).toMatchObject({ ok: false, code: 'bad-state' });
    expect(step.events).toMatchObject([{ type: 'quiz-close', results: { total: 0 } }]);
  });

  it('the host closes a quiz early; it can then be pushed again as a new run', () => {
    const r = room();
    r.send(T0, host, { type: 'push-quiz', quiz: quiz({ seconds: 60 }) });
    r.answer(T0 + 100, viewer(1), 'pop', 1);
    expect(r.send(T0 + 200, viewer(1), { type: 'close-quiz', quiz: 'pop' }).result).toMatchObject({ ok: false, code: 'not-allowed' });
    expect(r.send(T0 + 200, host, { type: 'close-quiz', quiz: 'nope' }).result).toMatchObject({ ok: false, code: 'bad-state' });
    const closed = r.send(T0 + 1000, host, { type: 'close-quiz', quiz: 'pop' });
    expect(closed.events).toMatchObject([{ type: 'quiz-close', quiz: 'pop', answer: 1, results: { counts: [0, 1, 0], total: 1 } }]);
    expect(r.state.quizzes.pop?.closedAt).toBe(T0 + 1000);
    expect(r.send(T0 + 1100, host, { type: 'close-quiz', quiz: 'pop' }).result).toMatchObject({ ok: false, code: 'bad-state' });
    expect(r.answer(T0 + 1100, viewer(2), 'pop', 1).result).toMatchObject({ ok: false, code: 'bad-state' });
    // Its old closesAt no longer schedules anything, and nothing fires at it.
    expect(nextWakeAt(demo.story, r.state)).toBeUndefined();
    expect(r.tick(T0 + 61_000).events).toEqual([]);
    expect(r.state.scores).toEqual({ v1: 1 });

    const again = r.send(T0 + 70_000, host, { type: 'push-quiz', quiz: quiz({ answer: undefined }) });
    expect(again.result).toMatchObject({ ok: true });
    expect(r.state.quizzes.pop).toMatchObject({ openedAt: T0 + 70_000, answers: {} });
    expect(r.state.quizzes.pop).not.toHaveProperty('closedAt');
    r.answer(T0 + 70_500, viewer(1), 'pop', 1);
    const poll = r.send(T0 + 71_000, host, { type: 'close-quiz', quiz: 'pop' });
    // A poll: no answer revealed, no correct ratio, no points.
    expect(poll.events[0]).toEqual({ type: 'quiz-close', version: 4, quiz: 'pop', results: { quiz: 'pop', counts: [0, 1, 0], total: 1, buckets: [1], heat: [[0], [1], [0]] } });
    expect(r.state.scores).toEqual({ v1: 1 });
  });

  it('closing a story quiz early: the close cue does not fire again and the machine gets the award once', () => {
    const r = room();
    r.send(T0, host, { type: 'play' });
    r.tick(T0 + 3000);
    r.answer(T0 + 4000, viewer(1), 'liar', 1);
    r.answer(T0 + 4100, viewer(2), 'liar', 1);
    const closed = r.send(T0 + 5000, host, { type: 'close-quiz', quiz: 'liar' });
    expect(closed.events).toMatchObject([{ type: 'quiz-close', quiz: 'liar', answer: 1, results: { total: 2, correct: 2, correctRatio: 1 } }]);
    expect(vars(demo, r.state).trust).toBe(1);
    expect(nextWakeAt(demo.story, r.state)).toBe(T0 + 12_000); // the choice, not the spent close cue

    const later = r.tick(T0 + 12_000);
    expect(later.events.map((e) => e.type)).toEqual(['choice-open']);
    // The award unlocked the guarded option.
    expect(later.events[0]).toMatchObject({ options: [{ id: 'vault' }, { id: 'walk' }] });
    expect(r.events.filter((e) => e.type === 'quiz-close')).toHaveLength(1);
    expect(vars(demo, r.state).trust).toBe(1);
    expect(r.state.scores).toEqual({ v1: 1, v2: 1 });
  });
});

describe('hotspots', () => {
  it('counts impressions and clicks of an on-screen hotspot, with 1 s of slack', () => {
    const r = room();
    r.send(T0, host, { type: 'play' });
    const spot = (t: number, action: 'impression' | 'click', id = 'lipstick') => r.send(t, viewer(1), { type: 'hotspot', hotspot: id, action }).result;
    // lipstick is on screen 4-10 s: accepted in [3, 11].
    expect(spot(T0 + 2999, 'impression')).toMatchObject({ ok: false, code: 'invalid' });
    expect(spot(T0 + 3000, 'impression')).toMatchObject({ ok: true });
    expect(spot(T0 + 5000, 'click')).toMatchObject({ ok: true });
    expect(spot(T0 + 11_000, 'click')).toMatchObject({ ok: true });
    expect(spot(T0 + 11_001, 'click')).toMatchObject({ ok: false, code: 'invalid' });
    expect(r.state.hotspots).toEqual({ lipstick: { impressions: 1, clicks: 2, claims: 0 } });
  });

  it('forged ids, other scenes’ hotspots and bad actions are invalid and count nothing', () => {
    const r = room();
    r.send(T0, host, { type: 'play' });
    expect(r.send(T0 + 5000, viewer(1), { type: 'hotspot', hotspot: 'forged', action: 'click' }).result).toMatchObject({ ok: false, code: 'invalid' });
    expect(r.send(T0 + 5000, viewer(1), { type: 'hotspot', hotspot: 'shades', action: 'click' }).result).toMatchObject({ ok: false, code: 'invalid' });
    expect(r.send(T0 + 5000, viewer(1), { type: 'hotspot', hotspot: 'lipstick', action: 'hover' as 'click' }).result).toMatchObject({ ok: false, code: 'invalid' });
    expect(r.send(T0 + 5000, viewer(1), { type: 'claim', hotspot: 'forged', code: 'X' }).result).toMatchObject({ ok: false, code: 'invalid' });
    expect(r.state.hotspots).toEqual({});
  });

  it('while paused, the window is judged at the paused position', () => {
    const r = room();
    r.send(T0, host, { type: 'play' });
    r.send(T0 + 5000, host, { type: 'pause' });
    expect(r.send(T0 + 60_000, viewer(1), { type: 'hotspot', hotspot: 'lipstick', action: 'impression' }).result).toMatchObject({ ok: true });
  });

  it('a coupon claim needs the server-issued code and answers it with the campaign', () => {
    const r = room();
    r.send(T0, host, { type: 'play' });
    expect(r.send(T0 + 5000, viewer(1), { type: 'claim', hotspot: 'lipstick' }).result).toMatchObject({ ok: false, code: 'invalid' });
    expect(r.send(T0 + 5000, viewer(1), { type: 'claim', hotspot: 'lipstick', code: '' }).result).toMatchObject({ ok: false, code: 'invalid' });
    const claimed = r.send(T0 + 5000, viewer(1), { type: 'claim', hotspot: 'lipstick', code: 'SPRING-0001' });
    expect(claimed.result).toEqual({ ok: true, version: 2, data: { code: 'SPRING-0001', campaign: 'spring-red' } });
    expect(claimed.events).toEqual([]);
    r.send(T0 + 6000, viewer(2), { type: 'claim', hotspot: 'lipstick', code: 'SPRING-0002' });
    // Off screen, even with a code.
    expect(r.send(T0 + 12_000, viewer(3), { type: 'claim', hotspot: 'lipstick', code: 'SPRING-0003' }).result).toMatchObject({ ok: false, code: 'invalid' });
    expect(r.state.hotspots.lipstick).toEqual({ impressions: 0, clicks: 0, claims: 2 });
  });

  it('a retried claim (same command id) is answered from memory, not counted twice', () => {
    const r = room();
    r.send(T0, host, { type: 'play' });
    const input: RoomInput = { type: 'command', t: T0 + 5000, actor: viewer(1), id: 'claim-1', command: { type: 'claim', hotspot: 'lipstick', code: 'K1' } };
    const first = applyRoomInput(demo, r.state, input);
    const retry = applyRoomInput(demo, r.state, { ...input, t: T0 + 5500 });
    expect(retry.result).toEqual(first.result);
    expect(r.state.hotspots.lipstick?.claims).toBe(1);
  });

  describe('story-acting hotspots', () => {
    const spots: Story = {
      format: 'branchcast/story@1',
      id: 'spots',
      title: 'Spots',
      start: 'a',
      nodes: {
        a: {
          media: { src: 's/a.mpd', duration: 10 },
          hotspots: [
            { id: 'pick-go', kind: 'choice', option: 'go', from: 2, to: 6, region: { x: 0, y: 0, w: 0.2, h: 0.2 } },
            { id: 'skip', kind: 'seek', seekTo: 5, from: 0, to: 4, region: { x: 0.5, y: 0, w: 0.2, h: 0.2 } },
            { id: 'shop', kind: 'link', url: 'https://example.com/shop', from: 0, to: 10, region: { x: 0, y: 0.5, w: 0.2, h: 0.2 } },
            { id: 'try', kind: 'ar', overlay: 's/hat.png', from: 0, to: 10, region: { x: 0.5, y: 0.5, w: 0.2, h: 0.2 } },
          ],
          choice: { opens: 2, closes: 6, mode: 'vote', default: 'stay', options: [{ id: 'stay', label: 'Stay', to: 'b' }, { id: 'go', label: 'Go', to: 'c' }] },
        },
        b: { media: { src: 's/b.mpd', duration: 2 }, ending: { title: 'B' } },
        c: { media: { src: 's/c.mpd', duration: 2 }, ending: { title: 'C' } },
      },
    };
    const logic = createRoomLogic(spots);

    it('a viewer’s click on a choice hotspot is a vote in vote mode', () => {
      const r = room(logic);
      r.send(T0, host, { type: 'play' });
      r.tick(T0 + 2000);
      const clicked = r.send(T0 + 3000, viewer(1), { type: 'hotspot', hotspot: 'pick-go', action: 'click' });
      expect(clicked).toMatchObject({ result: { ok: true }, tallyChanged: true, events: [] });
      r.send(T0 + 3100, viewer(2), { type: 'hotspot', hotspot: 'pick-go', action: 'click' });
      r.send(T0 + 3200, viewer(3), { type: 'vote', option: 'stay' });
      expect(r.state.hotspots['pick-go']).toEqual({ impressions: 0, clicks: 2, claims: 0 });
      const closed = r.tick(T0 + 6000);
      expect(closed.events).toMatchObject([{ type: 'switch', option: 'go', to: 'c', counts: { go: 2, stay: 1 } }]);
      const moved = r.tick(T0 + 10_000);
      expect(moved.events[0]).toMatchObject({ type: 'node', from: 'a', node: 'c', option: 'go' });
    });

    it('a host’s click on a choice hotspot decides the choice', () => {
      const r = room(logic);
      r.send(T0, host, { type: 'play' });
      r.tick(T0 + 2000);
      const clicked = r.send(T0 + 3000, host, { type: 'hotspot', hotspot: 'pick-go', action: 'click' });
      expect(clicked.events).toMatchObject([{ type: 'switch', option: 'go', to: 'c' }]);
    });

    it('a click on a choice hotspot before the choice opens is refused', () => {
      const r = room(logic);
      r.send(T0, host, { type: 'play' });
      expect(r.send(T0 + 1500, viewer(1), { type: 'hotspot', hotspot: 'pick-go', action: 'click' }).result).toMatchObject({ ok: false, code: 'bad-state' });
      expect(r.state.votes).toEqual({});
      // A refused command changes nothing, not even the click count (the log would not have it).
      expect(r.state.hotspots['pick-go']).toBeUndefined();
    });

    it('a seek hotspot seeks for the host only; link, ar and seek clicks are counted', () => {
      const r = room(logic);
      r.send(T0, host, { type: 'play' });
      const byViewer = r.send(T0 + 1000, viewer(1), { type: 'hotspot', hotspot: 'skip', action: 'click' });
      expect(byViewer).toMatchObject({ result: { ok: true }, events: [] });
      expect(r.state.timeline).toMatchObject({ mediaAnchor: 0, serverAnchor: T0 });
      const byHost = r.send(T0 + 1000, host, { type: 'hotspot', hotspot: 'skip', action: 'click' });
      expect(byHost.events[0]).toMatchObject({ type: 'timeline', timeline: { mediaAnchor: 5, serverAnchor: T0 + 1000 } });
      r.send(T0 + 1200, viewer(1), { type: 'hotspot', hotspot: 'shop', action: 'click' });
      r.send(T0 + 1200, viewer(1), { type: 'hotspot', hotspot: 'try', action: 'impression' });
      expect(r.send(T0 + 1300, viewer(1), { type: 'claim', hotspot: 'try', code: 'X' }).result).toMatchObject({ ok: false, code: 'invalid' });
      expect(r.state.hotspots).toEqual({
        skip: { impressions: 0, clicks: 2, claims: 0 },
        shop: { impressions: 0, clicks: 1, claims: 0 },
        try: { impressions: 1, clicks: 0, claims: 0 },
      });
    });
  });
});

describe('comments', () => {
  const comment = (text: string, at = 5): RoomCommand => ({ type: 'comment', text, at });

  it('are broadcast trimmed, with their node, media time and server time', () => {
    const r = room();
    const posted = r.send(T0 + 100, viewer(1), comment('  nice heist  ', 2.5));
    expect(posted.events).toEqual([{ type: 'comment', version: 1, id: 'c1', sub: 'v1', node: 'intro', at: 2.5, text: 'nice heist', t: T0 + 100 }]);
    expect(posted.result).toEqual({ ok: true, version: 1 });
    expect(r.state.comments).toBe(1);
  });

  it('reject empty, over-long and out-of-media comments without an event', () => {
    const r = room();
    const max = AUDIENCE_LIMITS.maxCommentLength;
    const bad: RoomCommand[] = [comment(''), comment('   \n '), comment('x'.repeat(max + 1)), comment('😀'.repeat(max + 1)), comment('ok', -0.1), comment('ok', 20.01), comment('ok', Number.NaN), comment('ok', Number.POSITIVE_INFINITY)];
    for (const c of bad) {
      const step = r.send(T0, viewer(1), c);
      expect(step.result, JSON.stringify(c)).toMatchObject({ ok: false, code: 'invalid' });
      expect(step.events).toEqual([]);
    }
    expect(r.state.comments).toBe(0);
    // The limit counts characters, not UTF-16 units; both ends of the media are allowed.
    expect(r.send(T0, viewer(1), comment('😀'.repeat(max), 0)).result).toMatchObject({ ok: true });
    expect(r.send(T0, viewer(2), comment('x'.repeat(max), 20)).result).toMatchObject({ ok: true });
  });

  it('rate-limit each viewer: the 6th within 10 s is refused and never broadcast; after 10 s it is allowed again', () => {
    const r = room();
    for (let i = 0; i < AUDIENCE_LIMITS.commentsPerWindow; i++) {
      expect(r.send(T0 + i * 1000, viewer(1), comment(`c${i}`)).result).toMatchObject({ ok: true });
    }
    const flood = r.send(T0 + 5000, viewer(1), comment('spam'));
    expect(flood.result).toMatchObject({ ok: false, code: 'rate-limited' });
    expect(flood.events).toEqual([]);
    expect(r.send(T0 + 9999, viewer(1), comment('spam')).result).toMatchObject({ ok: false, code: 'rate-limited' });
    // Others are not affected.
    expect(r.send(T0 + 9999, viewer(2), comment('hi')).result).toMatchObject({ ok: true });
    // 10 s after the first, one slot is free again.
    expect(r.send(T0 + 10_000, viewer(1), comment('back')).result).toMatchObject({ ok: true });
    expect(r.send(T0 + 10_001, viewer(1), comment('again')).result).toMatchObject({ ok: false, code: 'rate-limited' });
    expect(r.send(T0 + 11_000, viewer(1), comment('again')).result).toMatchObject({ ok: true });
    const texts = r.events.filter((e) => e.type === 'comment').map((e) => e.type === 'comment' && `${e.sub}:${e.text}`);
    expect(texts).toEqual(['v1:c0', 'v1:c1', 'v1:c2', 'v1:c3', 'v1:c4', 'v2:hi', 'v1:back', 'v1:again']);
    expect(texts.filter((x) => x === 'v1:spam')).toEqual([]);
    expect(r.state.comments).toBe(8);
  });
});

describe('presence', () => {
  it('joins and leaves adjust the count, never below zero, without events or versions', () => {
    const r = room();
    const presence = (t: number, actor: CommandActor, action: 'join' | 'leave') => r.apply({ type: 'presence', t, actor, action });
    expect(presence(T0, viewer(1), 'join').events).toEqual([]);
    presence(T0 + 1, viewer(2), 'join');
    presence(T0 + 2, host, 'join');
    expect(r.state.present).toBe(3);
    presence(T0 + 3, viewer(1), 'leave');
    expect(r.state.present).toBe(2);
    for (let i = 0; i < 4; i++) presence(T0 + 4, viewer(9), 'leave');
    expect(r.state.present).toBe(0);
    expect(r.state.version).toBe(0);
  });
});

describe('determinism', () => {
  /** A session touching every audience feature, including refused commands. */
  function session() {
    const r = room();
    const presence = (t: number, actor: CommandActor, action: 'join' | 'leave') => r.apply({ type: 'presence', t, actor, action });
    presence(T0, host, 'join');
    for (let i = 1; i <= 4; i++) presence(T0 + i, viewer(i), 'join');
    r.send(T0 + 100, host, { type: 'play' });
    r.tick(T0 + 3100);
    r.answer(T0 + 3500, viewer(1), 'liar', 1);
    r.answer(T0 + 3600, viewer(1), 'liar', 0); // refused: second answer
    r.answer(T0 + 4000, viewer(2), 'liar', 0);
    r.answer(T0 + 4100, viewer(3), 'liar', 7); // refused: invalid
    r.send(T0 + 4200, host, { type: 'push-quiz', quiz: { id: 'pop', prompt: '?', options: ['a', 'b'], answer: 0, points: 5, seconds: 3 } });
    r.answer(T0 + 4300, viewer(4), 'pop', 0);
    r.send(T0 + 4400, viewer(1), { type: 'hotspot', hotspot: 'lipstick', action: 'impression' });
    r.send(T0 + 4500, viewer(1), { type: 'hotspot', hotspot: 'lipstick', action: 'click' });
    r.send(T0 + 4600, viewer(1), { type: 'claim', hotspot: 'lipstick', code: 'K1' });
    r.send(T0 + 4700, viewer(2), { type: 'claim', hotspot: 'lipstick' }); // refused
    r.send(T0 + 4800, viewer(2), { type: 'hotspot', hotspot: 'forged', action: 'click' }); // refused
    for (let i = 0; i < 7; i++) r.send(T0 + 5000 + i * 100, viewer(3), { type: 'comment', text: `hi ${i}`, at: 5 }); // 2 refused
    r.send(T0 + 6000, viewer(2), { type: 'comment', text: 'x'.repeat(300), at: 5 }); // refused
    r.tick(T0 + 8000); // pop closed at 7200
    presence(T0 + 8100, viewer(4), 'leave');
    r.tick(T0 + 9100); // liar closes
    r.send(T0 + 9500, host, { type: 'pause' });
    r.tick(T0 + 20_000);
    return r;
  }

  it('folding the same log twice gives deep-equal state, audience fields included', () => {
    const r = session();
    const replayed = createRoomState(demo, 'r1', T0);
    const replayedEvents: RoomEvent[] = [];
    for (const input of r.log) replayedEvents.push(...applyRoomInput(demo, replayed, input).events);
    expect(replayed).toEqual(r.state);
    expect(replayedEvents).toEqual(r.events);
    expect(hashRoomState(replayed)).toBe(hashRoomState(r.state));
    // The session really exercised the audience state.
    expect(r.state.scores).toEqual({ v1: 1, v4: 5 });
    expect(r.state.hotspots).toEqual({ lipstick: { impressions: 1, clicks: 1, claims: 1 } });
    expect(r.state.comments).toBe(5);
    expect(r.state.present).toBe(4);
    expect(Object.keys(r.state.quizzes).sort()).toEqual(['liar', 'pop']);
    expect(r.state.quizzes.pop?.closedAt).toBe(T0 + 7200);
  });

  it('folding only what the server logs (accepted commands, ticks with events, presence) gives the same hash', () => {
    const r = session();
    const replayed = createRoomState(demo, 'r1', T0);
    const live = createRoomState(demo, 'r1', T0);
    for (const input of r.log) {
      const step = applyRoomInput(demo, live, input);
      const accepted = input.type !== 'command' || step.result?.ok === true;
      if (accepted && (input.type !== 'tick' || step.events.length > 0)) applyRoomInput(demo, replayed, input);
    }
    expect(hashRoomState(replayed)).toBe(hashRoomState(live));
    const { recent: _a, commentTimes: _b, ...rest } = replayed;
    const { recent: _c, commentTimes: _d, ...liveRest } = live;
    expect(rest).toEqual(liveRest);
  });
});

describe('hostile ids and ordering (regressions)', () => {
  it('prototype keys as quiz ids are ordinary unknown ids, and never touch Object.prototype', () => {
    const r = room();
    r.send(T0, host, { type: 'play' });
    for (const quiz of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(r.answer(T0 + 100, viewer(1), quiz, 0).result).toMatchObject({ ok: false, code: 'bad-state' });
      expect(r.send(T0 + 100, host, { type: 'close-quiz', quiz }).result).toMatchObject({ ok: false, code: 'bad-state' });
    }
    expect(({} as { closedAt?: unknown }).closedAt).toBeUndefined();
    expect(r.send(T0 + 200, host, { type: 'push-quiz', quiz: { id: 'constructor', prompt: 'p', options: ['a', 'b'] } }).result).toMatchObject({ ok: true });
    expect(r.answer(T0 + 300, viewer(1), 'constructor', 1).result).toMatchObject({ ok: true });
    expect(r.send(T0 + 200, host, { type: 'push-quiz', quiz: { id: '__proto__', prompt: 'p', options: ['a', 'b'] } }).result).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('an ad-hoc quiz may not take a story quiz id', () => {
    const r = room();
    expect(r.send(T0, host, { type: 'push-quiz', quiz: { id: 'liar', prompt: 'p', options: ['a', 'b'], seconds: 10 } }).result).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('timed closes and story cues fire in time order, whenever the tick comes', () => {
    const run = (ticks: number[]) => {
      const r = room();
      r.send(T0, host, { type: 'play' });
      r.send(T0 + 500, host, { type: 'push-quiz', quiz: { id: 'poll', prompt: 'p', options: ['a', 'b'], seconds: 4.5 } });
      for (const t of ticks) r.tick(t);
      return r.events.map((e) => `${e.version}:${e.type}:${'quiz' in e ? e.quiz : ''}`);
    };
    const once = run([T0 + 12_000]);
    expect(once).toEqual(run([T0 + 3000, T0 + 5000, T0 + 9000, T0 + 12_000]));
    // liar opens at 3 s, poll closes at 5 s, liar closes at 9 s.
    expect(once.filter((e) => e.includes('quiz'))).toEqual(['2:quiz-open:poll', '3:quiz-open:liar', '4:quiz-close:poll', '5:quiz-close:liar']);
  });
});

describe('snapshot for late joiners', () => {
  it('lists the open quizzes without anyone’s answers', () => {
    const r = room();
    r.send(T0, host, { type: 'push-quiz', quiz: { id: 'late', prompt: 'Still there?', options: ['yes', 'no'], answer: 0, seconds: 30 } });
    r.answer(T0 + 100, viewer(1), 'late', 0);
    const snap = roomSnapshot(demo, r.state);
    expect(snap.quizzes).toEqual([{ quiz: 'late', node: null, prompt: 'Still there?', options: ['yes', 'no'], points: 1, closesAt: T0 + 30_000 }]);
    expect(JSON.stringify(snap)).not.toContain('"answer"');
  });

  it('gives a story quiz its media close time, as its quiz-open event did', () => {
    const r = room();
    r.send(T0, host, { type: 'play' });
    r.tick(T0 + 4000);
    const opened = r.events.find((e) => e.type === 'quiz-open');
    const { type: _type, version: _version, ...fromEvent } = opened as RoomEvent & { type: 'quiz-open' };
    expect(fromEvent).toMatchObject({ quiz: 'liar', node: 'intro', closes: 9 });
    expect(roomSnapshot(demo, r.state).quizzes).toEqual([fromEvent]);
  });
});
