import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Story } from '../story.ts';
import { quizResults } from './quiz-results.ts';
import { createRoomLogic, createRoomState } from './room-logic.ts';
import { applyRoomInput } from './room-reducer.ts';
import type { CommandActor, QuizResults, QuizRun, RoomEvent, RoomInput } from './room-types.ts';

const SEED = 20261123;
const T0 = 1_700_000_000_000;

type Answer = { option: number; ms: number };

/** The obvious, quadratic computation of a quiz's results: the oracle. */
function bruteForce(id: string, optionCount: number, answer: number | undefined, answers: Answer[]): QuizResults {
  const second = (a: Answer) => Math.floor(a.ms / 1000);
  const seconds = answers.length === 0 ? 0 : Math.max(...answers.map(second)) + 1;
  const options = Array.from({ length: optionCount }, (_, o) => o);
  const secs = Array.from({ length: seconds }, (_, s) => s);
  const results: QuizResults = {
    quiz: id,
    counts: options.map((o) => answers.filter((a) => a.option === o).length),
    total: answers.length,
    buckets: secs.map((s) => answers.filter((a) => second(a) === s).length),
    heat: options.map((o) => secs.map((s) => answers.filter((a) => a.option === o && second(a) === s).length)),
  };
  if (answer !== undefined) {
    results.correct = answers.filter((a) => a.option === answer).length;
    results.correctRatio = answers.length === 0 ? 0 : results.correct / answers.length;
  }
  return results;
}

/** A quiz run: 2-16 options, maybe a correct answer, and first answers of up to 60 subjects within 2 minutes. */
const quizRun = fc.integer({ min: 2, max: 16 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    answer: fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: undefined }),
    answers: fc.uniqueArray(
      fc.record({
        sub: fc.integer({ min: 0, max: 999 }),
        option: fc.integer({ min: 0, max: n - 1 }),
        // Story quizzes open at an exact, possibly fractional, server time, so ms need not be whole.
        // Bucket edges (whole seconds and just below) are where an off-by-one would hide.
        ms: fc.oneof(
          fc.integer({ min: 0, max: 120_000 }),
          fc.double({ min: 0, max: 120_000, noNaN: true }),
          fc.integer({ min: 0, max: 120 }).map((s) => s * 1000),
          fc.integer({ min: 1, max: 120 }).map((s) => s * 1000 - 0.001),
        ),
      }),
      // Full-range lengths: the default size rarely goes past ten.
      { maxLength: 60, selector: (a) => a.sub, size: 'max' },
    ),
  }),
);

describe('quizResults (property)', () => {
  it('equals a brute-force count of options, correct answers, seconds and the heatmap', () => {
    fc.assert(
      fc.property(quizRun, ({ n, answer, answers }) => {
        const run: QuizRun = {
          id: 'q',
          node: null,
          prompt: '?',
          options: Array.from({ length: n }, (_, i) => `o${i}`),
          ...(answer === undefined ? {} : { answer }),
          points: 1,
          openedAt: T0,
          answers: Object.fromEntries(answers.map((a) => [`s${a.sub}`, { option: a.option, ms: a.ms }])),
        };
        const results = quizResults(run);
        expect(results).toStrictEqual(bruteForce('q', n, answer, answers));
        // Invariants the heatmap view relies on.
        expect(results.heat.every((row) => row.length === results.buckets.length)).toBe(true);
        expect(results.counts.reduce((x, y) => x + y, 0)).toBe(results.total);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe('quiz results through the room reducer (property)', () => {
  // One long scene and no cues: only the pushed quizzes change anything.
  const story: Story = {
    format: 'branchcast/story@1',
    id: 'quiet',
    title: 'Quiet',
    start: 'a',
    nodes: { a: { media: { src: 'q/a.mpd', duration: 600 }, ending: { title: 'A' } } },
  };
  const logic = createRoomLogic(story);
  const host: CommandActor = { sub: 'host', role: 'host' };

  /** Two concurrent ad-hoc quizzes and a random stream of answers, some repeated, some out of range. */
  const scenario = fc
    .record({
      na: fc.integer({ min: 2, max: 16 }),
      nb: fc.integer({ min: 2, max: 16 }),
      answerA: fc.option(fc.nat({ max: 15 }), { nil: undefined }),
      answerB: fc.option(fc.nat({ max: 15 }), { nil: undefined }),
      points: fc.integer({ min: 0, max: 10 }),
      /** A timed quiz closes by itself; else the host closes it at the end. */
      secondsA: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
      playing: fc.boolean(),
      stream: fc.array(
        fc.record({
          // Round steps often land exactly on a timed quiz's closesAt.
          dt: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(0, 500, 1000)),
          sub: fc.integer({ min: 0, max: 9 }),
          quiz: fc.constantFrom('qa', 'qa', 'qb', 'qb', 'qz'),
          /** Mostly a valid option (pick mod the option count), sometimes an invalid one. */
          pick: fc.nat({ max: 1_000_000 }),
          bad: fc.option(fc.constantFrom(-1, 16, 0.5, 99), { nil: undefined, freq: 8 }),
        }),
        { maxLength: 150, size: 'max' },
      ),
    })
    .map((s) => ({ ...s, answerA: s.answerA === undefined ? undefined : s.answerA % s.na, answerB: s.answerB === undefined ? undefined : s.answerB % s.nb }));

  it('the quiz-close results equal a brute force over each subject’s first valid answer', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const state = createRoomState(logic, 'p', T0);
        const events: RoomEvent[] = [];
        let id = 0;
        const apply = (input: RoomInput) => {
          const step = applyRoomInput(logic, state, input);
          events.push(...step.events);
          return step;
        };
        const send = (t: number, actor: CommandActor, command: Extract<RoomInput, { type: 'command' }>['command']) => apply({ type: 'command', t, actor, id: `i${id++}`, command });

        if (sc.playing) send(T0, host, { type: 'play' });
        const openA = T0 + 10;
        const openB = openA;
        const optionsA = Array.from({ length: sc.na }, (_, i) => `a${i}`);
        const optionsB = Array.from({ length: sc.nb }, (_, i) => `b${i}`);
        expect(send(openA, host, { type: 'push-quiz', quiz: { id: 'qa', prompt: 'A?', options: optionsA, answer: sc.answerA, points: sc.points, seconds: sc.secondsA } }).result?.ok).toBe(true);
        expect(send(openB, host, { type: 'push-quiz', quiz: { id: 'qb', prompt: 'B?', options: optionsB, answer: sc.answerB, points: sc.points } }).result?.ok).toBe(true);
        const closesA = sc.secondsA === undefined ? Infinity : openA + sc.secondsA * 1000;

        const spec = {
          qa: { n: sc.na, answer: sc.answerA, openedAt: openA, closesAt: closesA, first: new Map<string, Answer>() },
          qb: { n: sc.nb, answer: sc.answerB, openedAt: openB, closesAt: Infinity, first: new Map<string, Answer>() },
        };
        let t = openB;
        for (const a of sc.stream) {
          t += a.dt;
          const sub = `v${a.sub}`;
          const q = a.quiz === 'qz' ? undefined : spec[a.quiz];
          const option = a.bad ?? a.pick % (q?.n ?? 2);
          const result = send(t, { sub, role: 'viewer' }, { type: 'answer', quiz: a.quiz, option }).result;
          // The oracle: unknown or closed → bad-state; bad option → invalid; a repeat → bad-state; else the first answer.
          let expected: string;
          if (!q || t >= q.closesAt) expected = 'bad-state';
          else if (!Number.isInteger(option) || option < 0 || option >= q.n) expected = 'invalid';
          else if (q.first.has(sub)) expected = 'bad-state';
          else {
            q.first.set(sub, { option, ms: t - q.openedAt });
            expected = 'ok';
          }
          expect(result?.ok ? 'ok' : result?.code).toBe(expected);
        }
        const end = t + 1;
        if (sc.secondsA === undefined) send(end, host, { type: 'close-quiz', quiz: 'qa' });
        send(end, host, { type: 'close-quiz', quiz: 'qb' });
        apply({ type: 'tick', t: Math.max(end, closesA === Infinity ? end : closesA) });

        const closes = events.filter((e): e is Extract<RoomEvent, { type: 'quiz-close' }> => e.type === 'quiz-close');
        expect(closes.map((e) => e.quiz).sort()).toEqual(['qa', 'qb']);
        const expectedScores: Record<string, number> = {};
        for (const [quiz, q] of Object.entries(spec)) {
          const close = closes.find((e) => e.quiz === quiz);
          const firsts = [...q.first.values()];
          expect(close?.results).toStrictEqual(bruteForce(quiz, q.n, q.answer, firsts));
          expect(close?.answer).toBe(q.answer);
          expect(state.quizzes[quiz]?.closedAt).toBe(quiz === 'qa' && closesA !== Infinity ? closesA : end);
          for (const [sub, a] of q.first) if (a.option === q.answer) expectedScores[sub] = (expectedScores[sub] ?? 0) + sc.points;
        }
        expect(state.scores).toEqual(expectedScores);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
