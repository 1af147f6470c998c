import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommandActor, RoomCommand, RoomInput } from '../room/room-types.ts';
import type { AnalyticsLogEntry, RoomAnalytics } from './analytics-types.ts';
import { roomAnalytics } from './room-analytics.ts';
import { analyticsLog, analyticsStory, COMMENT_1, COMMENT_2, parseCsv, T0 } from '../../test/support/analytics-log.ts';
import { CSV_COLUMNS, toCsv } from './to-csv.ts';
import { toNdjson } from './to-ndjson.ts';
import { toXapi } from './to-xapi.ts';

/** Parsed CSV as objects keyed by the header. */
function csvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual([...CSV_COLUMNS]);
  return rows.map((r) => {
    expect(r).toHaveLength(CSV_COLUMNS.length);
    return Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i] ?? '']));
  });
}

/** How many data rows the CSV layout (docs/analytics.md) gives for these analytics. */
function expectedCsvRows(a: RoomAnalytics): number {
  return (
    15 +
    a.problems.length +
    a.choices.reduce((s, c) => s + 1 + Object.keys(c.counts).length, 0) +
    a.quizzes.reduce((s, q) => s + 1 + q.options.length + q.results.buckets.length + q.results.heat.flat().filter((x) => x > 0).length, 0) +
    a.answers.length +
    a.scores.length +
    4 * a.hotspots.length +
    a.claims.length +
    a.comments.list.length +
    Object.keys(a.comments.perNode).length +
    Object.keys(a.comments.perViewer).length +
    a.moderation.length +
    a.presence.events.length
  );
}

const log = analyticsLog();
const a = roomAnalytics(log);
const inputs = log.flatMap((e) => (e.k === 'input' ? [e.input] : []));
const commands = inputs.flatMap((i) => (i.type === 'command' ? [i] : []));

describe('CSV export', () => {
  const csv = toCsv(a);
  const records = csvRecords(csv);
  const section = (s: string) => records.filter((r) => r.section === s);

  it('is RFC 4180: CRLF line ends, quoted fields with commas, quotes and newlines, and it parses back row for row', () => {
    expect(csv.split('\r\n').length).toBeGreaterThan(1);
    expect(csv.replace(/"(?:[^"]|"")*"/g, '')).not.toMatch(/[^\r]\n|\r[^\n]/); // outside quotes, only CRLF
    expect(records).toHaveLength(expectedCsvRows(a));
  });

  it('keeps free text intact through the round trip: commas, quotes, CR/LF and unicode in comments, prompts and labels', () => {
    expect(section('comment').map((r) => r.text)).toEqual([COMMENT_1, `'${COMMENT_2}`, 'in b']); // a formula is defused
    expect(section('quiz').map((r) => r.text)).toEqual(['Pick, "one"\nplease', 'Fav, colour?']);
    expect(section('quiz-option').filter((r) => r.quiz === 'q1').map((r) => r.label)).toEqual(['A', 'B, or not']);
    expect(section('choice').map((r) => r.label)).toEqual(['Y "why"', 'E2']);
    expect(section('room').find((r) => r.key === 'title')?.value).toBe('Analytics, "quoted" story');
  });

  it('has the counts of the log', () => {
    const count = (type: RoomCommand['type'], extra: (c: RoomCommand) => boolean = () => true) => new Set(commands.filter((c) => c.command.type === type && extra(c.command)).map((c) => `${c.actor.sub}/${c.id}`)).size;
    const room = Object.fromEntries(section('room').map((r) => [r.key, r.value]));
    expect(room).toMatchObject({ id: 'r1', comments: String(count('comment')), joins: String(inputs.filter((i) => i.type === 'presence' && i.action === 'join').length), leaves: '2', peak_concurrent: '4', unique_viewers: '4', problems: '0' });
    expect(room.created).toBe(new Date(T0).toISOString());
    expect(room.closed).toBe(new Date(T0 + 22_000).toISOString());

    // Answers: one row per distinct answer command (the retry counts once).
    expect(section('answer')).toHaveLength(count('answer'));
    expect(section('answer').map((r) => [r.quiz, r.subject, r.option, r.correct, r.ms, r.points, r.score])).toEqual([
      ['q1', 'v1', '1', 'true', '500', '10', '10'],
      ['q1', 'v2', '0', 'false', '1200', '0', '0'],
      ['q1', 'v3', '1', 'true', '2100', '10', '10'],
      ['poll', 'v1', '0', '', '500', '0', '10'],
      ['poll', 'v3', '1', '', '600', '0', '10'],
    ]);
    expect(section('quiz-option').map((r) => [r.quiz, r.option, r.count, r.correct])).toEqual([
      ['q1', '0', '1', 'false'],
      ['q1', '1', '2', 'true'],
      ['poll', '0', '1', ''],
      ['poll', '1', '1', ''],
    ]);
    expect(section('quiz').map((r) => [r.quiz, r.count, r.correct, r.value, r.key])).toEqual([
      ['q1', '3', '2', String(2 / 3), 'closed'],
      ['poll', '2', '', '', 'closed'],
    ]);
    expect(section('quiz-bucket').filter((r) => r.quiz === 'q1').map((r) => [r.key, r.count])).toEqual([['0', '1'], ['1', '1'], ['2', '1']]);

    // Votes: the tally of the vote equals the distinct voters' last votes in the log.
    const votes = new Map(commands.filter((c) => c.command.type === 'vote').map((c) => [c.actor.sub, (c.command as { option: string }).option]));
    const tally = Object.fromEntries(section('choice-tally').filter((r) => r.node === 'a').map((r) => [r.option, Number(r.count)]));
    expect(tally).toEqual({ x: [...votes.values()].filter((o) => o === 'x').length, y: [...votes.values()].filter((o) => o === 'y').length });
    expect(section('choice').map((r) => [r.node, r.option, r.decided_by, r.key, r.value])).toEqual([
      ['a', 'y', 'vote', 'vote', 'b'],
      ['b', 'e2', 'host', 'host', 'e2'],
    ]);

    const hotspot = (id: string, key: string) => Number(section('hotspot').find((r) => r.hotspot === id && r.key === key)?.count);
    const hs = (id: string, action: string) => count('hotspot', (c) => c.type === 'hotspot' && c.hotspot === id && c.action === action);
    expect([hotspot('lip', 'impressions'), hotspot('lip', 'clicks'), hotspot('lip', 'claims')]).toEqual([hs('lip', 'impression'), hs('lip', 'click'), count('claim')]);
    expect([hotspot('site', 'impressions'), hotspot('site', 'clicks'), hotspot('site', 'claims')]).toEqual([hs('site', 'impression'), hs('site', 'click'), 0]);
    expect(section('claim').map((r) => [r.hotspot, r.subject, r.label, r.value])).toEqual([['lip', 'v1', 'spring', 'SPRING-0001']]);

    expect(section('comment-count').map((r) => [r.node, r.subject, r.count])).toEqual([
      ['a', '', '2'],
      ['b', '', '1'],
      ['', 'v1', '1'],
      ['', 'v2', '1'],
      ['', 'v3', '1'],
    ]);
    expect(section('presence').map((r) => [r.subject, r.key, r.label])).toEqual(
      inputs.flatMap((i) => (i.type === 'presence' ? [[i.actor.sub, i.action, i.actor.role]] : [])),
    );
  });
});

describe('NDJSON export', () => {
  it('is one JSON object per line, each with a type and the room, and carries the same records', () => {
    const text = toNdjson(a);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines) expect(l).toMatchObject({ type: expect.any(String), room: 'r1' });
    const of = (type: string) => lines.filter((l) => l.type === type);
    expect(of('room')).toHaveLength(1);
    expect(of('answer')).toHaveLength(a.answers.length);
    expect(of('choice').map((c) => c.counts)).toEqual([{ x: 1, y: 2 }, { e1: 0, e2: 0 }]);
    expect(of('comment').map((c) => c.text)).toEqual([COMMENT_1, COMMENT_2, 'in b']);
    expect(of('comments')).toEqual([{ type: 'comments', room: 'r1', total: 3, perNode: { a: 2, b: 1 }, perViewer: { v1: 1, v2: 1, v3: 1 } }]);
    expect(of('presence-summary')).toEqual([{ type: 'presence-summary', room: 'r1', joins: 5, leaves: 2, uniqueViewers: 4, uniqueHosts: 1, peakConcurrent: 4 }]);
    expect(of('hotspot').map((h) => [h.hotspot, h.impressions, h.clicks, h.claims])).toEqual([['lip', 2, 1, 1], ['site', 1, 1, 0]]);
  });
});

describe('xAPI export', () => {
  const statements = toXapi(a, { baseUrl: 'https://lms.example/' });

  it('gives valid JSON statements with actor, verb (id + display), object (id) and an ISO timestamp', () => {
    const parsed = JSON.parse(JSON.stringify(statements)) as Array<Record<string, Record<string, unknown>>>;
    expect(parsed).toHaveLength(a.answers.length + a.scores.length);
    for (const s of parsed) {
      expect(s.actor).toMatchObject({ objectType: 'Agent', account: { homePage: 'https://lms.example', name: expect.any(String) } });
      expect(s.verb).toMatchObject({ id: expect.stringMatching(/^http:\/\/adlnet\.gov\/expapi\/verbs\/(answered|scored)$/), display: { 'en-US': expect.any(String) } });
      expect(s.object).toMatchObject({ objectType: 'Activity', id: expect.stringMatching(/^https:\/\/lms\.example\/rooms\/r1/) });
      expect(s.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(s.result?.duration ?? 'PT0S').toMatch(/^PT\d+(\.\d+)?S$/);
    }
  });

  it('states each quiz answer as a choice interaction with response, success, score and duration', () => {
    const answered = statements.filter((s) => s.verb.id.endsWith('/answered'));
    expect(answered[0]).toEqual({
      actor: { objectType: 'Agent', account: { homePage: 'https://lms.example', name: 'v1' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
      object: {
        objectType: 'Activity',
        id: 'https://lms.example/rooms/r1/quizzes/q1',
        definition: {
          name: { 'en-US': 'Pick, "one"\nplease' },
          type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
          interactionType: 'choice',
          choices: [{ id: '0', description: { 'en-US': 'A' } }, { id: '1', description: { 'en-US': 'B, or not' } }],
          correctResponsesPattern: ['1'],
        },
      },
      result: { response: '1', success: true, score: { raw: 10, min: 0, max: 10 }, duration: 'PT0.5S' },
      timestamp: new Date(T0 + 2500).toISOString(),
      context: { platform: 'branchcast', contextActivities: { parent: [{ objectType: 'Activity', id: 'https://lms.example/rooms/r1' }] } },
    });
    expect(answered[1]?.result).toEqual({ response: '0', success: false, score: { raw: 0, min: 0, max: 10 }, duration: 'PT1.2S' });
    // A poll has no correct answer: no success, no score, no correctResponsesPattern.
    const poll = answered.find((s) => s.object.id.endsWith('/quizzes/poll'));
    expect(poll?.result).toEqual({ response: '0', duration: 'PT0.5S' });
    expect(poll?.object.definition.correctResponsesPattern).toBeUndefined();
    const scored = statements.filter((s) => s.verb.id.endsWith('/scored'));
    expect(scored.map((s) => [s.actor.account.name, s.result?.score])).toEqual([
      ['v1', { raw: 10, min: 0, max: 10 }],
      ['v2', { raw: 0, min: 0, max: 10 }],
      ['v3', { raw: 10, min: 0, max: 10 }],
    ]);
  });
});

describe('exporters over random logs', () => {
  const actors: CommandActor[] = [{ sub: 'h', role: 'host' }, { sub: 'v1', role: 'viewer' }, { sub: 'v2', role: 'viewer' }, { sub: 'v,"3"\n', role: 'viewer' }];
  const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom(',', '"', '\r\n', '\n', '=cmd', 'a,"b"\r\nc', '😀'));
  const command: fc.Arbitrary<RoomCommand> = fc.oneof(
    fc.constantFrom<RoomCommand>({ type: 'play' }, { type: 'pause' }),
    fc.record({ type: fc.constant('seek' as const), position: fc.double({ min: -1, max: 12, noNaN: true }) }),
    fc.record({ type: fc.constant('vote' as const), option: fc.constantFrom('x', 'y', 'z') }),
    fc.record({ type: fc.constant('choose' as const), option: fc.constantFrom('x', 'y', 'e1', 'e2') }),
    fc.record({ type: fc.constant('answer' as const), quiz: fc.constantFrom('q1', 'p'), option: fc.integer({ min: -1, max: 2 }) }),
    fc.record({ type: fc.constant('push-quiz' as const), quiz: fc.record({ id: fc.constant('p'), prompt: text.filter((s) => s.length > 0), options: fc.constant(['a,b', 'c"d'] as string[]), answer: fc.option(fc.constantFrom(0, 1), { nil: undefined }) }) }),
    fc.record({ type: fc.constant('close-quiz' as const), quiz: fc.constantFrom('q1', 'p') }),
    fc.record({ type: fc.constant('hotspot' as const), hotspot: fc.constantFrom('lip', 'site', 'nope'), action: fc.constantFrom('impression' as const, 'click' as const) }),
    fc.record({ type: fc.constant('claim' as const), hotspot: fc.constantFrom('lip', 'site'), code: fc.option(text, { nil: undefined }) }),
    fc.record({ type: fc.constant('comment' as const), text, at: fc.double({ min: 0, max: 5, noNaN: true }) }),
  );
  const step = fc.tuple(
    fc.integer({ min: 0, max: 1500 }),
    fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...actors), command, fc.string({ maxLength: 3 })).map(([actor, cmd, id]) => ({ kind: 'command' as const, actor, cmd, id })) },
      { weight: 2, arbitrary: fc.constant({ kind: 'tick' as const }) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...actors), fc.constantFrom('join' as const, 'leave' as const)).map(([actor, action]) => ({ kind: 'presence' as const, actor, action })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'close' as const }) },
    ),
  );

  it('never throw, and the CSV parses back to one row per record; NDJSON and xAPI are valid JSON', () => {
    const seen = { answers: 0, comments: 0, choices: 0, claims: 0 };
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        let t = T0;
        // The host starts playback, so random commands meet open quizzes, choices and hotspots.
        const entries: AnalyticsLogEntry[] = [
          { k: 'create', room: 'r,"x"', t, story: analyticsStory },
          { k: 'input', input: { type: 'command', t, actor: actors[0] as CommandActor, id: 'start', command: { type: 'play' } } },
        ];
        for (const [dt, s] of steps) {
          t += dt;
          const input: RoomInput =
            s.kind === 'command'
              ? { type: 'command', t, actor: s.actor, id: s.id, command: s.cmd }
              : s.kind === 'presence'
                ? { type: 'presence', t, actor: s.actor, action: s.action }
                : { type: s.kind, t };
          entries.push({ k: 'input', input });
        }
        const analytics = roomAnalytics(entries);
        seen.answers += analytics.answers.length;
        seen.comments += analytics.comments.total;
        seen.choices += analytics.choices.length;
        seen.claims += analytics.claims.length;
        const records = csvRecords(toCsv(analytics));
        expect(records).toHaveLength(expectedCsvRows(analytics));
        expect(records.filter((r) => r.section === 'comment').map((r) => (r.text ?? '').replace(/^'(?=[=+\-@\t\r])/, ''))).toEqual(analytics.comments.list.map((c) => c.text));
        const lines = toNdjson(analytics).trimEnd().split('\n');
        for (const line of lines) expect(JSON.parse(line)).toHaveProperty('type');
        const statements = JSON.parse(JSON.stringify(toXapi(analytics, { baseUrl: 'https://lms.example' }))) as Array<{ actor?: unknown; verb?: { id?: string }; object?: { id?: string }; timestamp?: string }>;
        for (const s of statements) expect(s.actor && s.verb?.id && s.object?.id && s.timestamp).toBeTruthy();
      }),
      { numRuns: 150 },
    );
    // The generator reaches the interesting parts, so the property is not vacuous.
    // Choices are rarer at random (they need an undisturbed stretch of playback); the hand-built log covers them.
    expect([seen.answers, seen.comments, seen.claims].every((n) => n > 0)).toBe(true);
  });
});
