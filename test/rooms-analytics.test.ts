import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from './support/analytics-log.ts';
import { CSV_COLUMNS, type RoomAnalytics } from '../engine/analytics/index.ts';
import { adminKeyFrom, api, createRoom, postStory, viewerToken } from './support/rooms-api.ts';
import { RoomClient } from './support/room-client.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

/** A short vote so the whole session runs on the real clock in a few seconds. */
const story = {
  format: 'branchcast/story@1',
  id: 'analytics-quick',
  title: 'Analytics, quick',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'quick/a.mpd', duration: 3 },
      choice: { opens: 0.5, closes: 1.8, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y, "why"', to: 'c' }] },
      hotspots: [{ id: 'lip', kind: 'coupon', from: 0, to: 3, region: { x: 0.1, y: 0.1, w: 0.2, h: 0.2 }, campaign: 'analytics-spring', limit: 10 }],
    },
    b: { media: { src: 'quick/b.mpd', duration: 1 }, ending: { title: 'B' } },
    c: { media: { src: 'quick/c.mpd', duration: 1 }, ending: { title: 'C' } },
  },
};
const COMMENT = 'hi, "there"\nyou 😀';

let server: ServerProcess;
let data: TempDir;
let key: string;

beforeAll(async () => {
  data = await makeTempDir('branchcast-analytics-');
  server = await startServerProcess({ args: ['--data', data.path] });
  key = adminKeyFrom(server.output());
  await postStory(server.url, key, story);
});
afterAll(async () => {
  await server?.stop();
  await data?.remove();
});

async function get(path: string, token?: string): Promise<{ status: number; type: string | null; disposition: string | null; text: string }> {
  const res = await fetch(`${server.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text: await res.text() };
}

describe('GET /api/rooms/:id/analytics over a real server', () => {
  it('shows votes, a pushed quiz with answers, and a comment in JSON, CSV, NDJSON and xAPI; viewers are refused', async () => {
    const room = await createRoom(server.url, key, story.id);
    const host = await RoomClient.connect(server.url, { token: room.hostToken });
    const ids = await Promise.all([0, 1, 2].map(() => viewerToken(server.url, room.id)));
    const viewers = await Promise.all(ids.map((v) => RoomClient.connect(server.url, { token: v.token })));
    for (const c of [host, ...viewers]) await c.welcome();

    expect(await host.command({ type: 'play' })).toMatchObject({ t: 103 });
    // Votes first: the window closes 1.8 s into the segment, on the real clock.
    await host.waitForEvent('choice-open');
    const votes = await Promise.all(['y', 'y', 'x'].map((option, i) => viewers[i]!.command({ type: 'vote', option })));
    for (const v of votes) expect(v).toMatchObject({ t: 103 });
    expect(await viewers[0]!.command({ type: 'comment', text: COMMENT, at: 1 })).toMatchObject({ t: 103 });
    expect(await viewers[1]!.command({ type: 'hotspot', hotspot: 'lip', action: 'impression' })).toMatchObject({ t: 103 });
    const claimed = await viewers[1]!.command({ type: 'claim', hotspot: 'lip' });
    expect(claimed).toMatchObject({ t: 103, data: { code: expect.any(String) } });
    const code = (claimed.data as { code: string }).code;
    expect(await host.command({ type: 'push-quiz', quiz: { id: 'q', prompt: '?', options: ['a', 'b'], answer: 1 } })).toMatchObject({ t: 103 });
    expect(await viewers[0]!.command({ type: 'answer', quiz: 'q', option: 1 })).toMatchObject({ t: 103 });
    expect(await viewers[1]!.command({ type: 'answer', quiz: 'q', option: 0 })).toMatchObject({ t: 103 });
    expect(await viewers[2]!.command({ type: 'answer', quiz: 'q', option: 1 })).toMatchObject({ t: 103 });
    expect(await host.command({ type: 'close-quiz', quiz: 'q' })).toMatchObject({ t: 103 });
    await host.waitForEvent('switch');

    // JSON (default), for the host.
    const json = await get(`/api/rooms/${room.id}/analytics`, room.hostToken);
    expect(json.status).toBe(200);
    expect(json.type).toMatch(/^application\/json/);
    const a = JSON.parse(json.text) as RoomAnalytics;
    expect(a.problems).toEqual([]);
    expect(a.room).toMatchObject({ id: room.id, story: story.id, closed: null });
    expect(a.choices).toEqual([expect.objectContaining({ node: 'a', mode: 'vote', option: 'y', to: 'c', decidedBy: 'vote', counts: { x: 1, y: 2 }, totalVotes: 3 })]);
    expect(a.quizzes).toEqual([
      expect.objectContaining({ quiz: 'q', node: null, prompt: '?', options: ['a', 'b'], answer: 1, points: 1, results: expect.objectContaining({ counts: [1, 2], total: 3, correct: 2, correctRatio: 2 / 3 }) }),
    ]);
    expect(a.answers.map((x) => [x.sub, x.option, x.correct, x.points, x.score])).toEqual([
      [ids[0]!.viewerId, 1, true, 1, 1],
      [ids[1]!.viewerId, 0, false, 0, 0],
      [ids[2]!.viewerId, 1, true, 1, 1],
    ]);
    for (const x of a.answers) expect(x.ms).toBeGreaterThanOrEqual(0);
    expect(a.comments).toMatchObject({ total: 1, perNode: { a: 1 }, perViewer: { [ids[0]!.viewerId]: 1 }, list: [expect.objectContaining({ text: COMMENT, at: 1, node: 'a' })] });

    expect(a.hotspots).toEqual([{ hotspot: 'lip', node: 'a', kind: 'coupon', campaign: 'analytics-spring', impressions: 1, clicks: 0, claims: 1, viewers: 1 }]);
    expect(a.claims).toEqual([expect.objectContaining({ hotspot: 'lip', campaign: 'analytics-spring', sub: ids[1]!.viewerId, code })]);
    expect(a.presence).toMatchObject({ joins: 4, leaves: 0, uniqueViewers: 3, uniqueHosts: 1, peakConcurrent: 4 });

    // The operator gets the same; CSV is an attachment that parses, with the same counts.
    const csv = await get(`/api/rooms/${room.id}/analytics?format=csv`, key);
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.disposition).toBe(`attachment; filename="room-${room.id}.csv"`);
    const [header, ...rows] = parseCsv(csv.text);
    expect(header).toEqual([...CSV_COLUMNS]);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const section = (s: string) => rows.filter((r) => r[0] === s);
    expect(section('answer')).toHaveLength(3);
    expect(section('choice-tally').map((r) => [r[col('option')], r[col('count')]])).toEqual([['x', '1'], ['y', '2']]);
    expect(section('comment').map((r) => r[col('text')])).toEqual([COMMENT]);
    expect(section('quiz').map((r) => [r[col('quiz')], r[col('count')], r[col('correct')]])).toEqual([['q', '3', '2']]);

    // NDJSON: one object per line.
    const nd = await get(`/api/rooms/${room.id}/analytics?format=ndjson`, room.hostToken);
    expect(nd.status).toBe(200);
    expect(nd.type).toBe('application/x-ndjson');
    const lines = nd.text.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(lines.filter((l) => l.type === 'answer')).toHaveLength(3);
    expect(lines.filter((l) => l.type === 'choice')).toHaveLength(1);

    // xAPI: a JSON array of statements with actor, verb and object.
    const x = await get(`/api/rooms/${room.id}/analytics?format=xapi`, room.hostToken);
    expect(x.status).toBe(200);
    expect(x.type).toMatch(/^application\/json/);
    const statements = JSON.parse(x.text) as Array<{ actor: { account: { name: string } }; verb: { id: string; display: Record<string, string> }; object: { id: string }; result?: { success?: boolean }; timestamp: string }>;
    const answered = statements.filter((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/answered');
    expect(answered.map((s) => [s.actor.account.name, s.result?.success])).toEqual([
      [ids[0]!.viewerId, true],
      [ids[1]!.viewerId, false],
      [ids[2]!.viewerId, true],
    ]);
    for (const s of statements) {
      expect(s.verb.display['en-US']).toBeTruthy();
      expect(s.object.id).toContain(`/rooms/${room.id}`);
      expect(Number.isNaN(Date.parse(s.timestamp))).toBe(false);
    }
    expect(answered[0]!.object.id).toMatch(new RegExp(`/rooms/${room.id}/quizzes/q$`));

    // Refusals: a viewer's token, no token, a bad format, an unknown room.
    expect((await get(`/api/rooms/${room.id}/analytics`, ids[0]!.token)).status).toBe(403);
    expect((await get(`/api/rooms/${room.id}/analytics?format=csv`, ids[1]!.token)).status).toBe(403);
    expect((await get(`/api/rooms/${room.id}/analytics`)).status).toBe(401);
    const other = await createRoom(server.url, key, story.id);
    expect((await get(`/api/rooms/${room.id}/analytics`, other.hostToken)).status).toBe(401); // another room's host
    const bad = await get(`/api/rooms/${room.id}/analytics?format=xml`, key);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: { code: 'invalid' } });
    expect((await api(server.url, 'GET', '/api/rooms/nope/analytics', { key })).status).toBe(404);

    // Leaves are logged when the sockets close.
    await Promise.all([host, ...viewers].map((c) => c.close()));
    let presence: RoomAnalytics['presence'] | undefined;
    for (let i = 0; i < 100 && presence?.leaves !== 4; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      presence = (JSON.parse((await get(`/api/rooms/${room.id}/analytics`, key)).text) as RoomAnalytics).presence;
    }
    expect(presence).toMatchObject({ joins: 4, leaves: 4, peakConcurrent: 4 });
  });

  it('answers for a closed room too, with its close time and duration', async () => {
    const room = await createRoom(server.url, key, story.id);
    const host = await RoomClient.connect(server.url, { token: room.hostToken });
    await host.welcome();
    expect(await host.command({ type: 'play' })).toMatchObject({ t: 103 });
    await host.close();
    expect((await api(server.url, 'DELETE', `/api/rooms/${room.id}`, { key })).status).toBe(204);
    const res = await api(server.url, 'GET', `/api/rooms/${room.id}/analytics`, { key });
    expect(res.status).toBe(200);
    const a = res.body as RoomAnalytics;
    expect(a.room.closed).toEqual(expect.any(Number));
    expect(a.room.durationMs).toBe((a.room.closed as number) - a.room.created);
    expect(a.problems).toEqual([]);
  });
});
