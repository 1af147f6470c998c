import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createActor, initialTransition, transition } from 'xstate';
import { compileStory, compileStoryConfig, MACHINE_ID } from './compile.ts';
import { describeSnapshot, type StoryView } from './describe.ts';
import type { StoryEvent } from './machine-types.ts';
import type { Story } from './story.ts';
import { choiceStory, minimalStory, patch, patchAll } from '../test/support/story-fixtures.ts';
import { validateStory } from './validate.ts';

const storiesDir = new URL('../stories/', import.meta.url);
const storyFiles = readdirSync(storiesDir).filter((f) => f.endsWith('.json')).sort();
const loadStory = (file: string): Story => JSON.parse(readFileSync(new URL(file, storiesDir), 'utf8')) as Story;
const demo = loadStory('demo.json');
const lesson = loadStory('lesson.json');

/** Starts the compiled story, sends the events, and returns the actor. */
function run(story: Story, events: StoryEvent[]) {
  const actor = createActor(compileStory(story)).start();
  for (const event of events) actor.send(event);
  return actor;
}

/** The view after the events. */
function after(story: Story, events: StoryEvent[]): StoryView {
  return describeSnapshot(story, run(story, events).getSnapshot());
}

const OPEN: StoryEvent = { type: 'CHOICE_OPEN' };
const CLOSE: StoryEvent = { type: 'CHOICE_CLOSE' };
const END: StoryEvent = { type: 'SEGMENT_END' };
const close = (winner: string): StoryEvent => ({ type: 'CHOICE_CLOSE', winner });
const choose = (option: string): StoryEvent => ({ type: 'CHOOSE', option });
const quizOpen = (quiz: string): StoryEvent => ({ type: 'QUIZ_OPEN', quiz });
const quizClose = (quiz: string, correctRatio: number): StoryEvent => ({ type: 'QUIZ_CLOSE', quiz, correctRatio });
/** Quiz `liar` all-correct: awards 1 trust, which unlocks the guarded `walk`. */
const earnTrust = [quizOpen('liar'), quizClose('liar', 1)];

const quiz = (id: string, opens: number, closes: number, extra: object = {}) => ({ id, prompt: 'Who?', options: ['A', 'B'], answer: 0, opens, closes, ...extra });

describe('the stories used here', () => {
  it('are valid', () => {
    expect(validateStory(demo)).toEqual([]);
  });
});

describe('snapshot', () => {
  it('starts at the start node, playing, with the initial variables', () => {
    expect(after(demo, [])).toEqual({
      node: 'intro', phase: 'playing', ended: false, vars: { trust: 0, loot: 0, alarm: false }, openQuizzes: [], doneQuizzes: [], loops: 0,
    });
  });
  it('tells the open choice and hides a guarded option until its condition holds', () => {
    expect(after(demo, [OPEN]).choice).toEqual({ mode: 'vote', options: ['vault'], default: 'vault', decided: null });
    const view = after(demo, [...earnTrust, OPEN]);
    expect(view.vars.trust).toBe(1);
    expect(view.phase).toBe('open');
    expect(view.choice?.options).toEqual(['vault', 'walk']);
  });
  it('has no choice while playing, before the window opens', () => {
    expect(after(demo, earnTrust).choice).toBeUndefined();
  });
  it('tells the ended status and the ending node', () => {
    const actor = run(demo, [...earnTrust, OPEN, close('walk'), END]);
    expect(actor.getSnapshot().status).toBe('done');
    expect(describeSnapshot(demo, actor.getSnapshot())).toMatchObject({ node: 'walk', ended: true, phase: 'ended' });
  });
  it('ignores every event once ended', () => {
    const machine = compileStory(demo);
    let [snapshot] = initialTransition(machine);
    for (const event of [OPEN, CLOSE, END, OPEN, choose('grab'), END]) [snapshot] = transition(machine, snapshot, event);
    const ended = describeSnapshot(demo, snapshot);
    expect(ended).toMatchObject({ node: 'getaway', ended: true });
    for (const event of [OPEN, CLOSE, END, choose('trip'), ...earnTrust]) [snapshot] = transition(machine, snapshot, event);
    expect(describeSnapshot(demo, snapshot)).toEqual(ended);
  });
});

describe('quizzes', () => {
  it('award points × correct ratio when the quiz closes', () => {
    expect(after(demo, [quizOpen('liar')]).openQuizzes).toEqual(['liar']);
    const view = after(demo, earnTrust);
    expect(view).toMatchObject({ vars: { trust: 1 }, openQuizzes: [], doneQuizzes: ['liar'] });
    const scored = patch(demo, '/nodes/intro/quizzes/0/points', 10);
    expect(after(scored, [quizOpen('liar'), quizClose('liar', 0.25)]).vars.trust).toBe(2.5);
  });
  it('award only once per visit', () => {
    const view = after(demo, [...earnTrust, quizClose('liar', 1), quizOpen('liar'), quizClose('liar', 1)]);
    expect(view).toMatchObject({ vars: { trust: 1 }, openQuizzes: [], doneQuizzes: ['liar'] });
  });
  it('award again on a new visit', () => {
    const story = patchAll(choiceStory(), [
      ['/nodes/a/quizzes', [quiz('q', 1, 2, { award: 'n', points: 2 })]],
      ['/nodes/a/choice/options/0/to', 'a'],
      ['/nodes/a/choice/options/0/effects', undefined],
    ]);
    expect(validateStory(story)).toEqual([]);
    const visit = [quizOpen('q'), quizClose('q', 1), OPEN, choose('x'), END];
    expect(after(story, visit)).toMatchObject({ node: 'a', phase: 'playing', vars: { n: 2 }, doneQuizzes: [] });
    expect(after(story, [...visit, ...visit]).vars.n).toBe(4);
  });
  it('award nothing for a quiz that never opened, or another node’s quiz', () => {
    expect(after(demo, [quizClose('liar', 1)]).vars.trust).toBe(0);
    expect(after(demo, [quizOpen('nope'), quizClose('nope', 1)])).toMatchObject({ vars: { trust: 0 }, openQuizzes: [] });
  });
  it('clamp the correct ratio to [0, 1]', () => {
    expect(after(demo, [quizOpen('liar'), quizClose('liar', 7)]).vars.trust).toBe(1);
    expect(after(demo, [quizOpen('liar'), quizClose('liar', -1)]).vars.trust).toBe(0);
    expect(after(demo, [quizOpen('liar'), quizClose('liar', Number.NaN)]).vars.trust).toBe(0);
  });
});

describe('vote', () => {
  it('takes the winner from CHOICE_CLOSE and switches at the segment end', () => {
    expect(after(demo, [...earnTrust, OPEN, close('walk')]).choice).toMatchObject({ decided: 'walk' });
    expect(after(demo, [...earnTrust, OPEN, close('walk'), END])).toMatchObject({ node: 'walk', ended: true });
  });
  it('falls back to the default for a guarded winner', () => {
    expect(after(demo, [OPEN, close('walk')]).choice).toMatchObject({ decided: 'vault' });
    expect(after(demo, [OPEN, close('walk'), END])).toMatchObject({ node: 'vault', phase: 'playing' });
  });
  it('falls back to the default for an unknown winner or none', () => {
    expect(after(demo, [...earnTrust, OPEN, close('nope')]).choice?.decided).toBe('vault');
    expect(after(demo, [...earnTrust, OPEN, CLOSE]).choice?.decided).toBe('vault');
  });
  it('falls back to the default when the segment ends while still open', () => {
    expect(after(demo, [...earnTrust, OPEN, END]).node).toBe('vault');
  });
  it('keeps the decision once made', () => {
    expect(after(demo, [...earnTrust, OPEN, close('walk'), close('vault'), choose('vault'), END]).node).toBe('walk');
  });
  it('ignores a close before the window opens', () => {
    expect(after(demo, [...earnTrust, close('walk')])).toMatchObject({ phase: 'playing', node: 'intro' });
  });
});

describe('effects', () => {
  const story = patchAll(choiceStory(), [
    ['/variables/visits', 0],
    ['/variables/seen', false],
    ['/nodes/a/effects', [{ on: 'enter', add: { visits: 1 } }]],
    ['/nodes/end/effects', [{ on: 'enter', add: { visits: 10 }, toggle: ['seen'] }]],
  ]);
  it('apply on entering the start node', () => {
    expect(validateStory(story)).toEqual([]);
    expect(after(story, []).vars).toEqual({ n: 0, visits: 1, seen: false });
  });
  it('apply on the chosen option, then on entering its target', () => {
    expect(after(story, [OPEN, choose('x'), END]).vars).toEqual({ n: 1, visits: 11, seen: true });
  });
  it('do not apply for an option not taken', () => {
    const withY = patch(story, '/nodes/a/choice/options/1/effects', [{ add: { n: 100 } }]);
    expect(after(withY, [OPEN, CLOSE, END]).vars.n).toBe(1);
  });
  it('apply in order: set, then add, then toggle', () => {
    const ordered = patch(story, '/nodes/a/choice/options/0/effects', [{ set: { n: 5, seen: true }, add: { n: 2 }, toggle: ['seen'] }, { add: { n: 1 } }]);
    expect(after(ordered, [OPEN, choose('x'), END]).vars).toEqual({ n: 8, visits: 11, seen: true });
  });
  it('apply the demo host pick', () => {
    const toVault = [OPEN, CLOSE, END, OPEN];
    expect(after(demo, [...toVault, choose('grab'), END])).toMatchObject({ node: 'getaway', vars: { loot: 1_000_000, alarm: false } });
    expect(after(demo, [...toVault, choose('trip'), END])).toMatchObject({ node: 'caught', vars: { loot: 0, alarm: true } });
  });
});

describe('timer and host modes', () => {
  it('timer: the default is taken when the window closes', () => {
    const timer = patch(choiceStory(), '/nodes/a/choice/mode', 'timer');
    expect(after(timer, [OPEN, CLOSE]).choice).toMatchObject({ mode: 'timer', decided: 'x' });
    expect(after(timer, [OPEN, CLOSE, END])).toMatchObject({ node: 'end', ended: true, vars: { n: 1 } });
  });
  it('host without a loop: the default is taken at close', () => {
    const host = patch(choiceStory(), '/nodes/a/choice/mode', 'host');
    expect(after(host, [OPEN, CLOSE]).choice?.decided).toBe('x');
  });
  it('host with a loop: keeps waiting past close and counts loops', () => {
    const waiting = [OPEN, CLOSE, END, OPEN, CLOSE];
    expect(after(demo, waiting)).toMatchObject({ node: 'vault', phase: 'open', loops: 0, choice: { mode: 'host', decided: null } });
    expect(after(demo, [...waiting, END, END, END])).toMatchObject({ node: 'vault', phase: 'open', loops: 3 });
  });
  it('host with a loop: CHOOSE, then the segment end, switches', () => {
    const view = after(demo, [OPEN, CLOSE, END, OPEN, CLOSE, END, END, choose('trip')]);
    expect(view).toMatchObject({ node: 'vault', phase: 'decided', loops: 2, choice: { decided: 'trip' } });
    expect(after(demo, [OPEN, CLOSE, END, OPEN, CLOSE, END, END, choose('trip'), END])).toMatchObject({ node: 'caught', ended: true });
  });
  it('host with a loop: a late CHOICE_CLOSE winner still decides', () => {
    expect(after(demo, [OPEN, CLOSE, END, OPEN, CLOSE, END, close('grab'), END]).node).toBe('getaway');
  });
  it('vote with a loop: the default is taken at close', () => {
    const looping = patch(choiceStory(), '/nodes/a/choice/loop', true);
    expect(after(looping, [OPEN, END]).loops).toBe(1);
    expect(after(looping, [OPEN, END, CLOSE]).choice?.decided).toBe('x');
  });
  it('CHOOSE ignores a guarded option until its condition holds', () => {
    expect(after(demo, [OPEN, choose('walk')])).toMatchObject({ phase: 'open', choice: { decided: null } });
    expect(after(demo, [...earnTrust, OPEN, choose('walk')]).choice?.decided).toBe('walk');
  });
  it('counts loops from zero again in the next node', () => {
    const looping = patchAll(choiceStory(), [['/nodes/a/choice/loop', true], ['/nodes/a/choice/options/0/to', 'a']]);
    expect(after(looping, [OPEN, END, END, CLOSE, END]).loops).toBe(0);
  });
});

describe('next', () => {
  it('continues to the next node at the segment end', () => {
    const story = minimalStory();
    expect(after(story, [])).toMatchObject({ node: 'a', phase: 'playing' });
    expect(after(story, [END])).toMatchObject({ node: 'end', ended: true });
  });
  it('ignores choice events', () => {
    expect(after(minimalStory(), [OPEN, close('x'), choose('x')])).toMatchObject({ node: 'a', phase: 'playing' });
  });
  it('chains through several next nodes', () => {
    const story = patchAll(minimalStory(), [['/nodes/a/next', 'b'], ['/nodes/b', { media: { src: 'b.mpd', duration: 3 }, next: 'end' }]]);
    expect(after(story, [END]).node).toBe('b');
    expect(after(story, [END, END])).toMatchObject({ node: 'end', ended: true });
  });
});

describe('next routes', () => {
  // lesson.json: halves → remedial while score < 1.5, else → summary.
  const toHalves = [END];
  const answer = (quiz: string, ratio: number) => [quizOpen(quiz), quizClose(quiz, ratio)];
  it('takes the first route whose condition holds', () => {
    expect(validateStory(lesson).filter((d) => d.severity === 'error')).toEqual([]);
    expect(after(lesson, [...toHalves, ...answer('half', 1), END])).toMatchObject({ node: 'remedial', vars: { score: 1, reviewed: true } });
    expect(after(lesson, [...toHalves, ...answer('half', 1), ...answer('quarter', 0.5), END])).toMatchObject({ node: 'summary', vars: { score: 1.5, reviewed: false } });
  });
  it('routes are checked at the segment end, not before', () => {
    const view = after(lesson, [...toHalves, ...answer('half', 1), ...answer('quarter', 1)]);
    expect(view).toMatchObject({ node: 'halves', phase: 'playing', vars: { score: 2 } });
  });
  it('the remedial branch unlocks nothing it should not', () => {
    const remedial = [...toHalves, END];
    expect(after(lesson, [...remedial, END, OPEN]).choice?.options).toEqual(['done']);
    expect(after(lesson, [...toHalves, ...answer('half', 1), ...answer('quarter', 1), END, OPEN]).choice?.options).toEqual(['done', 'practice']);
  });
});

describe('determinism', () => {
  const events: StoryEvent[] = [quizOpen('liar'), quizClose('liar', 0.5), OPEN, close('vault'), END, OPEN, CLOSE, END, END, choose('grab'), END];

  it('the same events give deep-equal snapshots across two actors', () => {
    const a = run(demo, []);
    const b = run(demo, []);
    for (const event of events) {
      a.send(event);
      b.send(event);
      expect(a.getSnapshot().value).toEqual(b.getSnapshot().value);
      expect(a.getSnapshot().context).toEqual(b.getSnapshot().context);
      expect(a.getSnapshot().status).toBe(b.getSnapshot().status);
    }
    expect(describeSnapshot(demo, a.getSnapshot())).toMatchObject({ node: 'getaway', vars: { trust: 0.5, loot: 1_000_000 } });
  });
  it('the pure transition function agrees with the actor, and twice with itself', () => {
    const machine = compileStory(demo);
    const replay = () => {
      let [snapshot] = initialTransition(machine);
      for (const event of events) [snapshot] = transition(machine, snapshot, event);
      return snapshot;
    };
    const first = replay();
    const second = replay();
    expect(first.value).toEqual(second.value);
    expect(first.context).toEqual(second.context);
    const actor = run(demo, events).getSnapshot();
    expect(first.value).toEqual(actor.value);
    expect(first.context).toEqual(actor.context);
    expect(first.status).toBe('done');
  });
  it('separately compiled machines behave the same', () => {
    const x = createActor(compileStory(demo)).start();
    const y = createActor(compileStory(loadStory('demo.json'))).start();
    for (const event of events) {
      x.send(event);
      y.send(event);
    }
    expect(x.getSnapshot().context).toEqual(y.getSnapshot().context);
  });
  it('neither mutates the story nor depends on it after compiling', () => {
    const story = loadStory('demo.json');
    const frozen = structuredClone(story);
    const machine = compileStory(story);
    const actor = createActor(machine).start();
    for (const event of events) actor.send(event);
    expect(story).toEqual(frozen);
  });
});

describe('compileStoryConfig', () => {
  it.each(storyFiles)('%s compiles to JSON-serialisable data', (file) => {
    const config = compileStoryConfig(loadStory(file));
    expect(JSON.parse(JSON.stringify(config))).toStrictEqual(config);
  });
  it('is JSON-serialisable for the fixtures too', () => {
    for (const story of [minimalStory(), choiceStory()]) {
      const config = compileStoryConfig(story);
      expect(JSON.parse(JSON.stringify(config))).toStrictEqual(config);
    }
  });
  it('has one state per node, the start as initial, and the variables in context', () => {
    const config = compileStoryConfig(demo);
    expect(config.id).toBe(MACHINE_ID);
    expect(config.initial).toBe('intro');
    expect(Object.keys(config.states).sort()).toEqual(Object.keys(demo.nodes).sort());
    expect(config.context.vars).toEqual(demo.variables);
    expect(config.context.vars).not.toBe(demo.variables);
  });
  it('is the same for the same story', () => {
    expect(compileStoryConfig(loadStory('demo.json'))).toStrictEqual(compileStoryConfig(loadStory('demo.json')));
  });
  it('marks ending nodes final', () => {
    expect(compileStoryConfig(demo).states.walk).toMatchObject({ type: 'final', meta: { ending: { title: 'Clean hands' } } });
  });
});
