/** Solo play analytics over a real server (docs/solo.md): POST /api/stories/:id/plays and GET /api/stories/:id/analytics. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from './support/analytics-log.ts';
import type { RoomAnalytics } from '../engine/analytics/index.ts';
import { adminKeyFrom, api, postStory } from './support/rooms-api.ts';
import { soloPlayInputs, soloStory } from './support/solo-play.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const story = soloStory('solo-plays');
const inputs = soloPlayInputs(story);
let server: ServerProcess;
let data: TempDir;
let key: string;

beforeAll(async () => {
  data = await makeTempDir('branchcast-solo-plays-');
  server = await startServerProcess({ args: ['--data', data.path] });
  key = adminKeyFrom(server.output());
  await postStory(server.url, key, story);
});
afterAll(async () => {
  await server?.stop();
  await data?.remove();
});

const post = (body: unknown, storyId = story.id) => api(server.url, 'POST', `/api/stories/${storyId}/plays`, { body });
const batch = (play: string, from: number, to: number, extra: object = {}) => ({ play, from, inputs: inputs.slice(from, to), storyVersion: 'v1', ...extra });
const errorOf = (body: unknown) => (body as { error: { code: string; message: string; stored?: number; index?: number } }).error;

describe('POST /api/stories/:id/plays', () => {
  it('tells the player play analytics are on', async () => {
    const r = await api(server.url, 'GET', '/api/config');
    expect(r).toMatchObject({ status: 200, body: { playAnalytics: true, plays: { maxBatchInputs: 500 }, saves: { maxBytes: 262_144 } } });
  });

  it('stores batches idempotently: a retry is acknowledged again, a gap gets 409 with the stored length, an overlap keeps the first copy', async () => {
    const play = 'play-idempotent-1';
    expect(await post(batch(play, 0, 3))).toEqual({ status: 202, body: { stored: 3 } });
    expect(await post(batch(play, 0, 3))).toEqual({ status: 202, body: { stored: 3 } });
    expect(await post(batch(play, 0, 2))).toEqual({ status: 202, body: { stored: 3 } });
    const gap = await post(batch(play, 5, 7));
    expect(gap.status).toBe(409);
    expect(errorOf(gap.body)).toMatchObject({ code: 'gap', stored: 3 });
    // Overlapping: inputs 1-2 are stored already; a different copy of them is ignored.
    const overlap = { ...batch(play, 1, inputs.length), inputs: [{ type: 'tick', t: 0 }, { type: 'tick', t: 0 }, ...inputs.slice(3)] };
    expect(await post(overlap)).toEqual({ status: 202, body: { stored: inputs.length } });
    expect(await post(batch(play, 0, inputs.length))).toEqual({ status: 202, body: { stored: inputs.length } });
    // Another story version for the same play is refused.
    const other = await post(batch(play, inputs.length, inputs.length, { storyVersion: 'v2' }));
    expect(other.status).toBe(409);
    expect(errorOf(other.body).code).toBe('story-version-mismatch');
  });

  it.each([
    ['not JSON', '{"play":', 400, 'invalid'],
    ['an array', [], 400, 'invalid'],
    ['a short play id', { play: 'short', from: 0, inputs: [], storyVersion: 'v' }, 400, 'invalid'],
    ['a play id with a slash', { play: '../../etc/passwd', from: 0, inputs: [], storyVersion: 'v' }, 400, 'invalid'],
    ['a negative from', { play: 'play-hostile', from: -1, inputs: [], storyVersion: 'v' }, 400, 'invalid'],
    ['a fractional from', { play: 'play-hostile', from: 0.5, inputs: [], storyVersion: 'v' }, 400, 'invalid'],
    ['no storyVersion', { play: 'play-hostile', from: 0, inputs: [] }, 400, 'invalid'],
    ['inputs not an array', { play: 'play-hostile', from: 0, inputs: { 0: {} }, storyVersion: 'v' }, 400, 'invalid'],
    ['a viewer command', { play: 'play-hostile', from: 0, inputs: [{ type: 'command', t: 0, actor: { sub: 'v-1', role: 'viewer' }, id: 'a', command: { type: 'play' } }], storyVersion: 'v' }, 400, 'invalid-input'],
    ['a presence input', { play: 'play-hostile', from: 0, inputs: [{ type: 'presence', t: 0, actor: { sub: 'solo', role: 'host' }, action: 'join' }], storyVersion: 'v' }, 400, 'invalid-input'],
    ['a close input', { play: 'play-hostile', from: 0, inputs: [{ type: 'close', t: 0 }], storyVersion: 'v' }, 400, 'invalid-input'],
    ['a time as a string', { play: 'play-hostile', from: 0, inputs: [{ type: 'tick', t: '1' }], storyVersion: 'v' }, 400, 'invalid-input'],
    ['a huge time', { play: 'play-hostile', from: 0, inputs: [{ type: 'tick', t: 1e300 }], storyVersion: 'v' }, 400, 'invalid-input'],
    ['times going back', { play: 'play-hostile', from: 0, inputs: [{ type: 'tick', t: 5 }, { type: 'tick', t: 4 }], storyVersion: 'v' }, 400, 'invalid-input'],
    ['a claim', { play: 'play-hostile', from: 0, inputs: [{ type: 'command', t: 0, actor: { sub: 'solo', role: 'host' }, id: 'c', command: { type: 'claim', hotspot: 'h' } }], storyVersion: 'v' }, 400, 'invalid-input'],
    ['an unknown command', { play: 'play-hostile', from: 0, inputs: [{ type: 'command', t: 0, actor: { sub: 'solo', role: 'host' }, id: 'c', command: { type: 'rm -rf' } }], storyVersion: 'v' }, 400, 'invalid-input'],
    ['__proto__ everywhere', JSON.parse('{"__proto__": {"x": 1}, "play": "play-hostile", "from": 0, "storyVersion": "v", "inputs": [{"__proto__": {"type": "tick"}, "t": 1}]}'), 400, 'invalid-input'],
    ['too many inputs', { play: 'play-hostile', from: 0, inputs: Array.from({ length: 501 }, () => ({ type: 'tick', t: 0 })), storyVersion: 'v' }, 413, 'batch-too-large'],
    ['a body over 1 MiB', { play: 'play-hostile', from: 0, inputs: [], storyVersion: 'v', pad: 'x'.repeat(1024 * 1024) }, 413, 'too-large'],
  ])('refuses %s with a typed error', async (_name, body, status, code) => {
    const r = await post(body);
    expect(r.status).toBe(status);
    expect(errorOf(r.body).code).toBe(code);
  });

  it('says which input was refused, and stores nothing of a refused batch', async () => {
    const bad = [...inputs.slice(0, 2), { type: 'tick', t: -5 }];
    const r = await post({ play: 'play-partial-1', from: 0, inputs: bad, storyVersion: 'v1' });
    expect(r.status).toBe(400);
    expect(errorOf(r.body)).toMatchObject({ code: 'invalid-input', index: 2 });
    expect(await post(batch('play-partial-1', 0, 1))).toEqual({ status: 202, body: { stored: 1 } });
  });

  it('bounds the work a time jump over a looping node asks for (413 too-many-events)', async () => {
    const looping = { ...soloStory('solo-loop'), nodes: { ...soloStory('solo-loop').nodes, a: { media: { src: 'solo/a.mpd', duration: 1 }, choice: { opens: 0.1, closes: 0.5, mode: 'host', default: 'x', loop: true, options: [{ id: 'x', label: 'X', to: 'b' }] } } } };
    await postStory(server.url, key, looping);
    const jump = [{ type: 'command', t: 0, actor: { sub: 'solo', role: 'host' }, id: 's1', command: { type: 'play' } }, { type: 'tick', t: 1e12 }];
    const r = await post({ play: 'play-looping-1', from: 0, inputs: jump, storyVersion: 'v' }, 'solo-loop');
    expect(r.status).toBe(413);
    expect(errorOf(r.body)).toMatchObject({ code: 'too-many-events', index: 1 });
  });

  it('answers 404 for an unknown story', async () => {
    const r = await post(batch('play-nostory-1', 0, 1), 'no-such-story');
    expect(r.status).toBe(404);
    expect(errorOf(r.body).code).toBe('not-found');
  });
});

describe('GET /api/stories/:id/analytics', () => {
  it('exports a solo play with its path, choice and quiz answer in JSON, CSV, NDJSON and xAPI, for the operator only', async () => {
    const play = 'play-exported-1';
    expect(await post(batch(play, 0, 4))).toEqual({ status: 202, body: { stored: 4 } });
    expect(await post(batch(play, 4, inputs.length))).toEqual({ status: 202, body: { stored: inputs.length } });

    expect((await api(server.url, 'GET', `/api/stories/${story.id}/analytics`)).status).toBe(401);
    const json = await api(server.url, 'GET', `/api/stories/${story.id}/analytics`, { key });
    expect(json.status).toBe(200);
    const { plays } = json.body as { plays: Array<{ play: string; storyVersion: string; inputs: number; analytics: RoomAnalytics }> };
    const mine = plays.find((p) => p.play === play);
    expect(mine).toMatchObject({ storyVersion: 'v1', inputs: inputs.length });
    const a = mine!.analytics;
    expect(a.problems).toEqual([]);
    expect(a.room).toMatchObject({ id: `solo:${play}`, story: story.id, ending: { node: 'c', title: 'C' } });
    expect(a.room.created).toBeGreaterThan(Date.now() - 60_000);
    expect(a.choices).toEqual([expect.objectContaining({ node: 'a', option: 'y', to: 'c', decidedBy: 'host' })]);
    expect(a.answers).toEqual([expect.objectContaining({ sub: `solo:${play}`, option: 1, correct: true, points: 1 })]);

    const csv = await fetch(`${server.url}/api/stories/${story.id}/analytics?format=csv`, { headers: { Authorization: `Bearer ${key}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(await csv.text());
    expect(rows[0]?.[0]).toBe('room');
    expect(rows.some((r) => r[0] === `solo:${play}` && r[1] === 'choice' && r[3] === 'a' && r[7] === 'y')).toBe(true);

    const ndjson = await api(server.url, 'GET', `/api/stories/${story.id}/analytics?format=ndjson`, { key });
    const lines = String(ndjson.body).trim().split('\n').map((l) => JSON.parse(l) as { type: string; room: string });
    expect(lines).toContainEqual(expect.objectContaining({ type: 'answer', room: `solo:${play}`, correct: true }));

    const xapi = await api(server.url, 'GET', `/api/stories/${story.id}/analytics?format=xapi`, { key });
    expect(xapi.body).toContainEqual(expect.objectContaining({ verb: expect.objectContaining({ id: 'http://adlnet.gov/expapi/verbs/answered' }), actor: expect.objectContaining({ account: expect.objectContaining({ name: `solo:${play}` }) }) }));
    expect((await api(server.url, 'GET', `/api/stories/${story.id}/analytics?format=pdf`, { key })).status).toBe(400);
  });

  it('keeps plays across a restart, and a play goes on from what was stored', async () => {
    const play = 'play-restarted-1';
    expect(await post(batch(play, 0, 5))).toEqual({ status: 202, body: { stored: 5 } });
    await server.stop();
    server = await startServerProcess({ args: ['--data', data.path, '--admin-key', key] });
    const gap = await post(batch(play, 7, inputs.length));
    expect(errorOf(gap.body)).toMatchObject({ code: 'gap', stored: 5 });
    expect(await post(batch(play, 5, inputs.length))).toEqual({ status: 202, body: { stored: inputs.length } });
    const json = await api(server.url, 'GET', `/api/stories/${story.id}/analytics`, { key });
    const found = (json.body as { plays: Array<{ play: string; analytics: RoomAnalytics }> }).plays.find((p) => p.play === play);
    expect(found?.analytics.choices).toEqual([expect.objectContaining({ option: 'y' })]);
  });
});

describe('with play analytics off', () => {
  it.each([
    ['--no-play-analytics', { args: ['--no-play-analytics'] }],
    ['PLAY_ANALYTICS=off', { env: { PLAY_ANALYTICS: 'off' } }],
  ])('%s: the config says so and POST answers 403 play-analytics-off', async (_name, options) => {
    const off = await startServerProcess(options);
    try {
      const offKey = adminKeyFrom(off.output());
      await postStory(off.url, offKey, story);
      expect(await api(off.url, 'GET', '/api/config')).toMatchObject({ status: 200, body: { playAnalytics: false } });
      const r = await api(off.url, 'POST', `/api/stories/${story.id}/plays`, { body: batch('play-off-1', 0, 3) });
      expect(r.status).toBe(403);
      expect(errorOf(r.body).code).toBe('play-analytics-off');
    } finally {
      await off.stop();
    }
  });
});

describe('GET /api/stories/:id', () => {
  it('carries the storyVersion a player labels its plays and saves with, as its ETag', async () => {
    const { storyVersion } = await import('../engine/solo/index.ts');
    const res = await fetch(`${server.url}/api/stories/${story.id}`);
    expect(res.headers.get('etag')).toBe(`"${storyVersion(story)}"`);
  });
});
