import { describe, expect, it } from 'vitest';
import { createAnalyticsReplay } from '../analytics/room-analytics.ts';
import { applyRoomInput, createRoomLogic, createRoomState, hashRoomState, nextWakeAt } from '../room/index.ts';
import type { RoomCommand } from '../room/room-types.ts';
import type { Story } from '../story.ts';
import { createSoloFold, foldSoloInputs } from './solo-fold.ts';
import { parseSoloInput, SOLO_ACTOR, type SoloInput } from './solo-input.ts';
import { soloPlayAnalytics, soloPlayEntries } from './solo-analytics.ts';

const story: Story = {
  format: 'branchcast/story@1',
  id: 'solo-test',
  title: 'Solo test',
  start: 'a',
  variables: { score: 0 },
  nodes: {
    a: {
      media: { src: 'a.mpd', duration: 4 },
      quizzes: [{ id: 'q', prompt: '2+2?', options: ['3', '4'], answer: 1, opens: 0.5, closes: 1.5, award: 'score' }],
      choice: { opens: 2, closes: 3, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'c' }] },
    },
    b: { media: { src: 'b.mpd', duration: 1 }, ending: { title: 'B' } },
    c: { media: { src: 'c.mpd', duration: 1 }, ending: { title: 'C' } },
  },
};

/** What a SoloSession logs: commands from the solo actor, and a tick at each wake-up. */
function session() {
  const logic = createRoomLogic(story);
  const state = createRoomState(logic, 'solo:solo-test', 0);
  const log: SoloInput[] = [];
  let seq = 0;
  const apply = (input: SoloInput) => {
    log.push(input);
    return applyRoomInput(logic, state, input);
  };
  return {
    log,
    state,
    command: (t: number, command: RoomCommand) => apply({ type: 'command', t, actor: { ...SOLO_ACTOR }, id: `s${(seq += 1)}`, command }),
    runUntil(t: number) {
      for (let wake = nextWakeAt(story, state); wake !== undefined && wake <= t; wake = nextWakeAt(story, state)) apply({ type: 'tick', t: wake });
    },
  };
}

function samplePlay() {
  const s = session();
  s.command(0, { type: 'play' });
  s.runUntil(600);
  s.command(800, { type: 'answer', quiz: 'q', option: 1 });
  s.command(900, { type: 'answer', quiz: 'q', option: 0 }); // refused: already answered
  s.runUntil(2100);
  s.command(2500, { type: 'choose', option: 'y' });
  s.runUntil(10_000);
  return s;
}

describe('parseSoloInput', () => {
  it('rebuilds a tick and a command from checked fields only', () => {
    expect(parseSoloInput({ type: 'tick', t: 5, extra: 'x' })).toEqual({ type: 'tick', t: 5 });
    const parsed = parseSoloInput({ type: 'command', t: 1, actor: { sub: 'solo', role: 'host', admin: true }, id: 's1', command: { type: 'choose', option: 'x', evil: 1 } });
    expect(parsed).toEqual({ type: 'command', t: 1, actor: { sub: 'solo', role: 'host' }, id: 's1', command: { type: 'choose', option: 'x' } });
  });
  it.each([
    null, 1, 'tick', [], {}, { type: 'tick' }, { type: 'tick', t: Infinity }, { type: 'tick', t: NaN }, { type: 'tick', t: '5' }, { type: 'tick', t: 1e300 },
    { type: 'close', t: 1 }, { type: 'presence', t: 1, actor: SOLO_ACTOR, action: 'join' }, { type: 'votes', t: 1, votes: [] },
    { type: 'command', t: 1, actor: { sub: 'v-1', role: 'viewer' }, id: 'a', command: { type: 'play' } },
    { type: 'command', t: 1, actor: { sub: 'solo', role: 'viewer' }, id: 'a', command: { type: 'play' } },
    { type: 'command', t: 1, actor: SOLO_ACTOR, id: '', command: { type: 'play' } },
    { type: 'command', t: 1, actor: SOLO_ACTOR, id: 'x'.repeat(65), command: { type: 'play' } },
    { type: 'command', t: 1, actor: SOLO_ACTOR, id: 'a', command: { type: 'launch' } },
    { type: 'command', t: 1, actor: SOLO_ACTOR, id: 'a', command: { type: 'seek', position: Infinity } },
    { type: 'command', t: 1, actor: SOLO_ACTOR, id: 'a' },
  ])('refuses %j with a reason', (raw) => {
    expect(typeof parseSoloInput(raw)).toBe('string');
  });
});

describe('foldSoloInputs', () => {
  const logic = createRoomLogic(story);
  it('accepts a real session, keeps state-refused commands, and reaches the same state', () => {
    const s = samplePlay();
    const fold = createSoloFold(logic, 'solo:solo-test');
    // In two batches, as the player posts them.
    expect(foldSoloInputs(fold, s.log.slice(0, 3), 500)).toEqual({ ok: true, refused: 0 });
    expect(foldSoloInputs(fold, s.log.slice(3), 500)).toEqual({ ok: true, refused: 1 });
    expect(fold.length).toBe(s.log.length);
    expect(hashRoomState(fold.state!)).toBe(hashRoomState(s.state));
  });
  it('refuses times that go back', () => {
    const fold = createSoloFold(logic, 'r');
    expect(foldSoloInputs(fold, [{ type: 'tick', t: 10 }, { type: 'tick', t: 9 }], 500)).toMatchObject({ ok: false, index: 1, code: 'invalid-input' });
  });
  it('refuses commands no state could accept (a claim, which only a server ledger issues)', () => {
    const fold = createSoloFold(logic, 'r');
    const claim: SoloInput = { type: 'command', t: 1, actor: { ...SOLO_ACTOR }, id: 'c', command: { type: 'claim', hotspot: 'h' } };
    expect(foldSoloInputs(fold, [{ type: 'tick', t: 0 }, claim], 500)).toMatchObject({ ok: false, index: 1, code: 'invalid-input', reason: expect.stringMatching(/server/) });
  });
  it('bounds the cues a long time jump over a looping node fires', () => {
    const looping: Story = { ...story, nodes: { ...story.nodes, a: { media: { src: 'a.mpd', duration: 1 }, choice: { opens: 0.1, closes: 0.5, mode: 'host', default: 'x', loop: true, options: [{ id: 'x', label: 'X', to: 'b' }] } } } };
    const fold = createSoloFold(createRoomLogic(looping), 'r');
    const inputs: SoloInput[] = [{ type: 'command', t: 0, actor: { ...SOLO_ACTOR }, id: 's1', command: { type: 'play' } }, { type: 'tick', t: 1e12 }];
    const started = Date.now();
    expect(foldSoloInputs(fold, inputs, 200)).toMatchObject({ ok: false, index: 1, code: 'too-many-events' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('soloPlayAnalytics', () => {
  it('reports the path, the choice and the quiz answer as a room would, with refused commands left out', () => {
    const s = samplePlay();
    const a = soloPlayAnalytics({ play: 'p-12345678', story, inputs: s.log, clockOffset: 1_700_000_000_000 });
    expect(a.problems).toEqual([]);
    expect(a.room).toMatchObject({ id: 'solo:p-12345678', story: 'solo-test', created: 1_700_000_000_000, ending: { node: 'c', title: 'C' } });
    expect(a.choices).toEqual([expect.objectContaining({ node: 'a', option: 'y', to: 'c', decidedBy: 'host', t: 1_700_000_002_500 })]);
    expect(a.answers).toEqual([expect.objectContaining({ quiz: 'q', sub: 'solo:p-12345678', option: 1, correct: true, points: 1 })]);
    expect(a.scores).toEqual([{ sub: 'solo:p-12345678', answered: 1, correct: 1, score: 1 }]);
  });
  it('streams entries that fold with no problems', () => {
    const s = samplePlay();
    const replay = createAnalyticsReplay();
    const entries = [...soloPlayEntries({ play: 'p', story, inputs: s.log, clockOffset: 0 })];
    expect(entries[0]).toMatchObject({ k: 'create', t: 0 });
    expect(entries).toHaveLength(s.log.length + 1);
    for (const e of entries) replay.add(e);
    expect(replay.result().problems).toEqual([]);
  });
});

describe('storyVersion', () => {
  it('is a 16-digit hash that ignores key order and changes with the content', async () => {
    const { storyVersion } = await import('./story-version.ts');
    const { nodes, ...rest } = story;
    const reordered = JSON.parse(JSON.stringify({ nodes, ...rest })) as Story;
    expect(storyVersion(story)).toMatch(/^[0-9a-f]{16}$/);
    expect(storyVersion(reordered)).toBe(storyVersion(story));
    expect(storyVersion({ ...story, title: 'Other' })).not.toBe(storyVersion(story));
  });
});
