import { describe, expect, it } from 'vitest';
import { applyRoomInput, createRoomLogic, createRoomState, hashRoomState } from '../room/index.ts';
import type { RoomInput } from '../room/room-types.ts';
import type { Story } from '../story.ts';
import type { AnalyticsLogEntry } from './analytics-types.ts';
import { createAnalyticsReplay, roomAnalytics } from './room-analytics.ts';
import { analyticsLog, analyticsStory, COMMENT_1, COMMENT_2, T0 } from '../../test/support/analytics-log.ts';

describe('roomAnalytics: a replay of the log through the room core', () => {
  const a = roomAnalytics(analyticsLog());

  it('reports the room: story, times, duration, ending, and no replay problems', () => {
    expect(a.room).toEqual({
      id: 'r1',
      story: 'an',
      title: 'Analytics, "quoted" story',
      created: T0,
      closed: T0 + 22_000,
      lastEventAt: T0 + 22_000,
      durationMs: 22_000,
      version: 16,
      ending: { node: 'e2', title: 'E2, the end', t: T0 + 21_000 },
    });
    expect(a.problems).toEqual([]);
  });

  it('reports every decided choice with its final tally and how it was decided', () => {
    expect(a.choices).toEqual([
      { t: T0 + 9000, version: 7, node: 'a', mode: 'vote', option: 'y', label: 'Y "why"', to: 'b', decidedBy: 'vote', counts: { x: 1, y: 2 }, totalVotes: 3 },
      { t: T0 + 12_500, version: 11, node: 'b', mode: 'host', option: 'e2', label: 'E2', to: 'e2', decidedBy: 'host', counts: { e1: 0, e2: 0 }, totalVotes: 0 },
    ]);
  });

  it('reports quiz results per run: counts, correct ratio, one-second buckets, heatmap', () => {
    expect(a.quizzes).toEqual([
      {
        quiz: 'q1',
        node: 'a',
        prompt: 'Pick, "one"\nplease',
        options: ['A', 'B, or not'],
        answer: 1,
        points: 10,
        openedAt: T0 + 2000,
        closedAt: T0 + 5000,
        results: { quiz: 'q1', counts: [1, 2], total: 3, correct: 2, correctRatio: 2 / 3, buckets: [1, 1, 1], heat: [[0, 1, 0], [1, 0, 1]] },
      },
      {
        quiz: 'poll',
        node: null,
        prompt: 'Fav, colour?',
        options: ['red', 'blue'],
        points: 1,
        openedAt: T0 + 13_000,
        closedAt: T0 + 14_000,
        results: { quiz: 'poll', counts: [1, 1], total: 2, buckets: [2], heat: [[1], [1]] },
      },
    ]);
  });

  it('reports each viewer answer once (a retried command counts once), with correctness, time, points and running score', () => {
    expect(a.answers).toEqual([
      { quiz: 'q1', node: 'a', sub: 'v1', t: T0 + 2500, option: 1, correct: true, ms: 500, points: 10, score: 10 },
      { quiz: 'q1', node: 'a', sub: 'v2', t: T0 + 3200, option: 0, correct: false, ms: 1200, points: 0, score: 0 },
      { quiz: 'q1', node: 'a', sub: 'v3', t: T0 + 4100, option: 1, correct: true, ms: 2100, points: 10, score: 10 },
      { quiz: 'poll', node: null, sub: 'v1', t: T0 + 13_500, option: 0, correct: null, ms: 500, points: 0, score: 10 },
      { quiz: 'poll', node: null, sub: 'v3', t: T0 + 13_600, option: 1, correct: null, ms: 600, points: 0, score: 10 },
    ]);
    expect(a.scores).toEqual([
      { sub: 'v1', answered: 2, correct: 1, score: 10 },
      { sub: 'v2', answered: 1, correct: 0, score: 0 },
      { sub: 'v3', answered: 2, correct: 1, score: 10 },
    ]);
  });

  it('reports hotspot impressions, clicks and claims, and who got which code', () => {
    expect(a.hotspots).toEqual([
      { hotspot: 'lip', node: 'a', kind: 'coupon', campaign: 'spring', impressions: 2, clicks: 1, claims: 1, viewers: 2 },
      { hotspot: 'site', node: 'a', kind: 'link', campaign: null, impressions: 1, clicks: 1, claims: 0, viewers: 1 },
    ]);
    expect(a.claims).toEqual([{ t: T0 + 5300, hotspot: 'lip', campaign: 'spring', sub: 'v1', code: 'SPRING-0001' }]);
  });

  it('reports comments: total, per node, per viewer, and the comments themselves', () => {
    expect(a.comments).toEqual({
      total: 3,
      perNode: { a: 2, b: 1 },
      perViewer: { v1: 1, v2: 1, v3: 1 },
      list: [
        { id: 'c5', t: T0 + 7000, sub: 'v1', node: 'a', at: 6, text: COMMENT_1 },
        { id: 'c6', t: T0 + 7100, sub: 'v2', node: 'a', at: 6.1, text: COMMENT_2 },
        { id: 'c9', t: T0 + 11_500, sub: 'v3', node: 'b', at: 0.5, text: 'in b' },
      ],
    });
  });

  it('reports joins and leaves: counts, unique viewers and hosts, peak concurrency', () => {
    const { events, ...summary } = a.presence;
    expect(summary).toEqual({ joins: 5, leaves: 2, uniqueViewers: 4, uniqueHosts: 1, peakConcurrent: 4 });
    expect(events.map((e) => [e.t - T0, e.sub, e.action, e.present])).toEqual([
      [500, 'h', 'join', 1],
      [600, 'v1', 'join', 2],
      [700, 'v2', 'join', 3],
      [800, 'v3', 'join', 4],
      [14_500, 'v2', 'leave', 3],
      [15_000, 'v4', 'join', 4],
      [21_500, 'v4', 'leave', 3],
    ]);
  });

  it('agrees with a plain fold of the same log: version, state hash, scores, hotspot and comment counters', () => {
    const logic = createRoomLogic(analyticsStory);
    const state = createRoomState(logic, 'r1', T0);
    for (const e of analyticsLog()) if (e.k === 'input') applyRoomInput(logic, state, e.input);
    expect(a.room.version).toBe(state.version);
    expect(Object.fromEntries(a.scores.filter((s) => s.score > 0).map((s) => [s.sub, s.score]))).toEqual(state.scores);
    expect(Object.fromEntries(a.hotspots.map((h) => [h.hotspot, { impressions: h.impressions, clicks: h.clicks, claims: h.claims }]))).toEqual(state.hotspots);
    expect(a.comments.total).toBe(state.comments);

    // Splitting a command into (tick, command) to attribute switches is the same fold.
    const split = createRoomState(logic, 'r1', T0);
    for (const e of analyticsLog()) {
      if (e.k !== 'input') continue;
      if (e.input.type === 'command') applyRoomInput(logic, split, { type: 'tick', t: e.input.t });
      applyRoomInput(logic, split, e.input);
    }
    expect(hashRoomState(split)).toBe(hashRoomState(state));
  });

  it('streams: result() mid-log is a snapshot, an open quiz shows its results so far, and the replay goes on', () => {
    const replay = createAnalyticsReplay();
    const log = analyticsLog();
    const cut = log.findIndex((e) => e.k === 'input' && e.input.type === 'tick' && e.input.t === T0 + 5000);
    for (const e of log.slice(0, cut)) replay.add(e);
    const mid = replay.result();
    expect(mid.quizzes[0]).toMatchObject({ quiz: 'q1', closedAt: null, results: { counts: [1, 2], total: 3, correct: 2 } });
    expect(mid.answers.map((x) => x.points)).toEqual([0, 0, 0]);
    expect(mid.room.closed).toBeNull();
    for (const e of log.slice(cut)) replay.add(e);
    expect(replay.result()).toEqual(a);
    expect(mid.quizzes[0]?.closedAt).toBeNull(); // the snapshot did not move
  });

  it('tells vote, default, timer and viewer decisions apart', () => {
    const story = (mode: 'vote' | 'timer'): Story => ({
      format: 'branchcast/story@1',
      id: `d-${mode}`,
      title: 'D',
      start: 'a',
      nodes: {
        a: { media: { src: 'a.mpd', duration: 4 }, choice: { opens: 1, closes: 2, mode, default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] }, next: undefined },
        b: { media: { src: 'b.mpd', duration: 1 }, ending: { title: 'B' } },
      },
    });
    const run = (s: Story, inputs: RoomInput[]) => roomAnalytics([{ k: 'create', room: 'd', t: 0, story: s }, ...inputs.map((input): AnalyticsLogEntry => ({ k: 'input', input }))]);
    const play: RoomInput = { type: 'command', t: 0, actor: { sub: 'h', role: 'host' }, id: 'p', command: { type: 'play' } };
    const vote = (sub: string, option: string, t: number): RoomInput => ({ type: 'command', t, actor: { sub, role: 'viewer' }, id: `v-${sub}`, command: { type: 'vote', option } });

    expect(run(story('vote'), [play, { type: 'tick', t: 2500 }]).choices[0]).toMatchObject({ option: 'x', decidedBy: 'default', totalVotes: 0 });
    const tie = run(story('vote'), [play, vote('v1', 'x', 1100), vote('v2', 'y', 1200), { type: 'tick', t: 2500 }]);
    expect(tie.choices[0]).toMatchObject({ option: 'x', decidedBy: 'default', counts: { x: 1, y: 1 } });
    const led = run(story('vote'), [play, vote('v1', 'y', 1100), { type: 'tick', t: 2500 }]);
    expect(led.choices[0]).toMatchObject({ option: 'y', decidedBy: 'vote' });
    expect(run(story('timer'), [play, { type: 'tick', t: 2500 }]).choices[0]).toMatchObject({ option: 'x', decidedBy: 'timer' });
    const acted = run(story('timer'), [play, { type: 'command', t: 1500, actor: { sub: 'v1', role: 'viewer' }, id: 'c', command: { type: 'choose', option: 'y' } }, { type: 'tick', t: 2500 }]);
    expect(acted.choices).toEqual([expect.objectContaining({ option: 'y', decidedBy: 'viewer' })]);
    // A command that comes after the close cue is due: the cue decided, not the command.
    const late = run(story('vote'), [play, vote('v1', 'y', 1100), { type: 'command', t: 2500, actor: { sub: 'h', role: 'host' }, id: 'late', command: { type: 'pause' } }]);
    expect(late.choices[0]).toMatchObject({ option: 'y', decidedBy: 'vote', t: 2500 });
    expect([tie, led, acted, late].flatMap((x) => x.problems)).toEqual([]);
  });

  it("keeps client-named keys ('__proto__', 'constructor') as plain data", () => {
    const odd = { sub: '__proto__', role: 'viewer' as const };
    const h = { sub: 'constructor', role: 'host' as const };
    const x = roomAnalytics([
      { k: 'create', room: 'r', t: 0, story: analyticsStory },
      { k: 'input', input: { type: 'presence', t: 1, actor: odd, action: 'join' } },
      { k: 'input', input: { type: 'command', t: 2, actor: h, id: 'p', command: { type: 'push-quiz', quiz: { id: 'constructor', prompt: '?', options: ['a', 'b'], answer: 0 } } } },
      // Subjects are server-issued; the room core keys answers by subject, so a normal one answers.
      { k: 'input', input: { type: 'command', t: 3, actor: { sub: 'v1', role: 'viewer' }, id: 'a', command: { type: 'answer', quiz: 'constructor', option: 0 } } },
      { k: 'input', input: { type: 'command', t: 4, actor: odd, id: 'c', command: { type: 'comment', text: 'x', at: 0 } } },
      { k: 'input', input: { type: 'command', t: 5, actor: h, id: 'q', command: { type: 'close-quiz', quiz: 'constructor' } } },
    ]);
    expect(x.problems).toEqual([]);
    expect(Object.entries(x.comments.perViewer)).toEqual([['__proto__', 1]]);
    expect(x.answers).toEqual([expect.objectContaining({ quiz: 'constructor', sub: 'v1', correct: true, points: 1, score: 1 })]);
    expect(x.presence).toMatchObject({ joins: 1, uniqueViewers: 1 });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reports what it cannot replay as problems, never throws', () => {
    expect(roomAnalytics([]).problems).toEqual(['the log has no create record']);
    const orphan = roomAnalytics([{ k: 'input', input: { type: 'tick', t: 5 } }]);
    expect(orphan.problems).toEqual(['input at 5 before the create record', 'the log has no create record']);
    const forged = roomAnalytics([
      { k: 'create', room: 'r', t: 0, story: analyticsStory },
      { k: 'input', input: { type: 'command', t: 1, actor: { sub: 'v', role: 'viewer' }, id: 'x', command: { type: 'play' } } },
    ]);
    expect(forged.problems).toEqual(['command x (play) at 1 was rejected on replay: only the host can play']);
  });
});
