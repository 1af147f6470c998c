/** Solo viewer tokens and saves over a real server (docs/solo.md): POST /api/stories/:id/viewers, PUT/GET /api/stories/:id/save. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom, api, createRoom, postStory, viewerToken } from './support/rooms-api.ts';
import { soloStory } from './support/solo-play.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';

const story = soloStory('solo-saves');
const other = soloStory('solo-saves-other');
let server: ServerProcess;
let key: string;

beforeAll(async () => {
  server = await startServerProcess();
  key = adminKeyFrom(server.output());
  await postStory(server.url, key, story);
  await postStory(server.url, key, other);
});
afterAll(async () => {
  await server?.stop();
});

async function solo(storyId = story.id): Promise<{ viewerId: string; token: string; expiresIn: number }> {
  const r = await api(server.url, 'POST', `/api/stories/${storyId}/viewers`);
  expect(r.status).toBe(201);
  return r.body as { viewerId: string; token: string; expiresIn: number };
}

async function put(token: string | undefined, body: string, headers: Record<string, string> = {}, storyId = story.id) {
  const res = await fetch(`${server.url}/api/stories/${storyId}/save`, { method: 'PUT', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers }, body });
  return { status: res.status, etag: res.headers.get('etag'), body: (await res.json()) as { etag?: string; error?: { code: string } } };
}

async function get(token: string | undefined, storyId = story.id) {
  const res = await fetch(`${server.url}/api/stories/${storyId}/save`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, etag: res.headers.get('etag'), text: await res.text() };
}

const save = (extra: object = {}) => JSON.stringify({ storyVersion: 'v1', log: [{ type: 'tick', t: 0 }], now: 1234, ...extra });

describe('solo viewer tokens', () => {
  it('issues a fresh identity per request, for known stories only', async () => {
    const a = await solo();
    const b = await solo();
    expect(a.viewerId).toMatch(/^solo-/);
    expect(a.viewerId).not.toBe(b.viewerId);
    expect(a.expiresIn).toBe(86_400);
    const missing = await api(server.url, 'POST', '/api/stories/no-such-story/viewers');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not-found' } } });
  });

  it('does not open a room: the WebSocket has no room story:<id>', async () => {
    const r = await api(server.url, 'GET', `/api/rooms/${encodeURIComponent(`story:${story.id}`)}`, { key: (await solo()).token });
    expect(r.status).toBe(404);
  });
});

describe('PUT and GET /api/stories/:id/save', () => {
  it('saves and loads with the token (another device holding it resumes), with ETags', async () => {
    const { token } = await solo();
    expect(await get(token)).toMatchObject({ status: 404 });
    const first = await put(token, save());
    expect(first).toMatchObject({ status: 201, body: { etag: expect.any(String) } });
    expect(first.etag).toBe(first.body.etag);
    const loaded = await get(token);
    expect(loaded).toMatchObject({ status: 200, etag: first.etag });
    expect(JSON.parse(loaded.text)).toEqual(JSON.parse(save()));

    // If-Match: the right tag replaces, a stale one gets 412 and leaves the save alone.
    const second = await put(token, save({ now: 5678 }), { 'If-Match': first.etag! });
    expect(second.status).toBe(200);
    expect(second.etag).not.toBe(first.etag);
    const stale = await put(token, save({ now: 9 }), { 'If-Match': first.etag! });
    expect(stale).toMatchObject({ status: 412, etag: second.etag, body: { error: { code: 'precondition-failed' } } });
    expect(JSON.parse((await get(token)).text)).toMatchObject({ now: 5678 });
    expect((await put(token, save({ now: 10 }), { 'If-Match': '*' })).status).toBe(200);
  });

  it('keeps each viewer\'s save apart', async () => {
    const a = await solo();
    const b = await solo();
    await put(a.token, save({ who: 'a' }));
    expect((await get(b.token)).status).toBe(404);
    expect((await put(b.token, save({ who: 'b' }), { 'If-Match': '*' })).status).toBe(412);
  });

  it.each([
    ['no token', undefined],
    ['garbage', 'not-a-token'],
    ['a forged signature', 'eyJyb29tIjoic3Rvcnk6c29sby1zYXZlcyJ9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('refuses %s with 401 in the API error shape', async (_name, token) => {
    const r = await put(token, save());
    expect(r).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect((await get(token)).status).toBe(401);
  });

  it('refuses a token for another story, a room viewer token and the operator key with 401', async () => {
    const otherToken = (await solo(other.id)).token;
    expect((await put(otherToken, save())).status).toBe(401);
    expect((await get(otherToken)).status).toBe(401);
    const room = await createRoom(server.url, key, story.id);
    expect((await put((await viewerToken(server.url, room.id)).token, save())).status).toBe(401);
    expect((await put(room.hostToken, save())).status).toBe(401);
    expect((await put(key, save())).status).toBe(401);
  });

  it.each([
    ['not JSON', '{"storyVersion":'],
    ['an array', '[]'],
    ['no storyVersion', JSON.stringify({ log: [] })],
    ['a numeric storyVersion', JSON.stringify({ storyVersion: 1, log: [] })],
    ['log not an array', JSON.stringify({ storyVersion: 'v', log: {} })],
  ])('refuses a save that is %s with 400 invalid', async (_name, body) => {
    const { token } = await solo();
    expect(await put(token, body)).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } });
  });

  it('refuses a save over 256 KiB with 413', async () => {
    const { token } = await solo();
    const big = save({ pad: 'x'.repeat(256 * 1024) });
    expect(await put(token, big)).toMatchObject({ status: 413, body: { error: { code: 'too-large' } } });
    const fits = save({ pad: 'x'.repeat(256 * 1024 - save({ pad: '' }).length) });
    expect(Buffer.byteLength(fits)).toBe(256 * 1024);
    expect((await put(token, fits)).status).toBe(201);
  });
});

describe('an expired solo token', () => {
  it('gets 401 in the API error shape', async () => {
    const short = await startServerProcess({ env: { TOKEN_TTL_SECONDS: '1' } });
    try {
      await postStory(short.url, adminKeyFrom(short.output()), story);
      const issued = await api(short.url, 'POST', `/api/stories/${story.id}/viewers`);
      const { token, expiresIn } = issued.body as { token: string; expiresIn: number };
      expect(expiresIn).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const r = await fetch(`${short.url}/api/stories/${story.id}/save`, { method: 'PUT', headers: { Authorization: `Bearer ${token}` }, body: save() });
      expect(r.status).toBe(401);
      expect(await r.json()).toMatchObject({ error: { code: 'unauthorized' } });
    } finally {
      await short.stop();
    }
  });
});
