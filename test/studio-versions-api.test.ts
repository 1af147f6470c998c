/**
 * Story versions over a real server (issue 16, docs/studio-api.md): PUT with
 * If-Match (412 stale, 428 missing), history, a version's JSON, diffs,
 * restores, a running room keeping its version across a save and a restart,
 * and hostile requests answered below 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { call, code, draft } from './support/studio-api.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

let data: TempDir;
let server: ServerProcess;
let key: string;
const start = async (): Promise<void> => {
  server = await startServerProcess({ args: ['--data', data.path] });
  key = adminKeyFrom(server.output());
};

beforeAll(async () => {
  data = await makeTempDir('branchcast-studio-');
  await start();
});
afterAll(async () => {
  await server?.stop();
  await data?.remove();
});

const put = (id: string, body: unknown, headers: Record<string, string> = {}) => call(server.url, 'PUT', `/api/stories/${id}`, { key, body, headers });

describe('PUT /api/stories/:id', () => {
  it('creates with If-None-Match: *, refuses a stale save of two concurrent editors (412) and a blind one (428)', async () => {
    const created = await put('duel', draft('duel', 'Duel'), { 'If-None-Match': '*' });
    expect(created).toMatchObject({ status: 201, body: { id: 'duel', title: 'Duel' } });
    expect(created.etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(code(await put('duel', draft('duel', 'Again'), { 'If-None-Match': '*' }))).toBe('precondition-failed');

    // Two editors load the same version; the first save wins, the second is told who saved what.
    const [a, b] = await Promise.all([call(server.url, 'GET', '/api/stories/duel'), call(server.url, 'GET', '/api/stories/duel')]);
    expect(a.etag).toBe(created.etag);
    expect(b.etag).toBe(created.etag);
    const first = await put('duel', draft('duel', 'Edited by A'), { 'If-Match': a.etag ?? '' });
    expect(first.status).toBe(200);
    expect(first.etag).not.toBe(created.etag);
    const second = await put('duel', draft('duel', 'Edited by B'), { 'If-Match': b.etag ?? '' });
    expect(second.status).toBe(412);
    expect(second.etag).toBe(first.etag);
    expect(second.body).toMatchObject({ error: { code: 'precondition-failed', current: { version: JSON.parse(first.etag ?? '""'), savedBy: 'operator', title: 'Edited by A' } } });
    expect((second.body as { error: { message: string } }).error.message).toContain(JSON.parse(first.etag ?? '""') as string);

    // The same race with both saves in flight at once: exactly one wins.
    const raced = await Promise.all(['C', 'D'].map((who) => put('duel', draft('duel', `Edited by ${who}`), { 'If-Match': first.etag ?? '' })));
    expect(raced.map((r) => r.status).sort()).toEqual([200, 412]);

    const blind = await put('duel', draft('duel', 'Blind'));
    expect(blind).toMatchObject({ status: 428, body: { error: { code: 'precondition-required' } } });
    expect(blind.etag).toBe(raced.find((r) => r.status === 200)?.etag);
    expect((await put('duel', draft('duel', 'Forced'), { 'If-Match': '*' })).status).toBe(200);
    expect((await call(server.url, 'GET', '/api/stories/duel')).body).toMatchObject({ title: 'Forced' });
  });

  it('validates like POST: 400 invalid-story with diagnostics, 400 when the body names another id', async () => {
    const invalid = await put('broken', { ...draft('broken', 'Broken'), start: 'nowhere' });
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'invalid-story', diagnostics: [expect.objectContaining({ code: 'missing-start' })] } } });
    expect(await put('one-id', draft('another-id', 'X'))).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } });
    expect(await call(server.url, 'PUT', '/api/stories/nokey', { body: draft('nokey', 'X') })).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });

  it('keeps POST /api/stories as the operator\'s unconditional save, which adds a version', async () => {
    const posted = await call(server.url, 'POST', '/api/stories', { key, body: draft('posted', 'P1') });
    expect(posted).toMatchObject({ status: 201, body: { id: 'posted', version: expect.stringMatching(/^[0-9a-f]{16}$/) } });
    expect((await call(server.url, 'POST', '/api/stories', { key, body: draft('posted', 'P2') })).status).toBe(200);
    expect((await call(server.url, 'GET', '/api/stories/posted/versions')).body).toMatchObject([{ title: 'P2' }, { title: 'P1' }]);
  });
});

describe('versions', () => {
  it('lists, reads, diffs and restores versions', async () => {
    const v1 = await put('hist', draft('hist', 'First'), { 'If-None-Match': '*' });
    const changed = { ...draft('hist', 'Second', 'Another end'), description: 'now with a description' };
    changed.nodes.extra = { media: { src: 'x/manifest.mpd', duration: 4 }, ending: { title: 'Extra' } };
    changed.nodes.a = { media: { src: 'a/manifest.mpd', duration: 20 }, next: 'extra' };
    const v2 = await put('hist', changed, { 'If-Match': v1.etag ?? '' });
    const [id1, id2] = [JSON.parse(v1.etag ?? '""') as string, JSON.parse(v2.etag ?? '""') as string];

    const list = await call(server.url, 'GET', '/api/stories/hist/versions');
    expect(list.body).toEqual([
      { version: id2, savedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), savedBy: 'operator', title: 'Second', nodes: 3 },
      { version: id1, savedAt: expect.any(String), savedBy: 'operator', title: 'First', nodes: 2 },
    ]);
    const old = await call(server.url, 'GET', `/api/stories/hist/versions/${id1}`);
    expect(old).toMatchObject({ status: 200, etag: v1.etag, body: { title: 'First' } });

    const diff = await call(server.url, 'GET', `/api/stories/hist/versions/${id1}/diff?to=current`);
    expect(diff.body).toEqual({ from: id1, to: id2, nodesAdded: ['extra'], nodesRemoved: [], nodesChanged: [{ id: 'a', fields: ['next'] }, { id: 'end', fields: ['ending'] }], storyFieldsChanged: ['description', 'title'] });
    expect((await call(server.url, 'GET', `/api/stories/hist/versions/${id2}/diff?to=${id1}`)).body).toMatchObject({ nodesRemoved: ['extra'] });
    expect((await call(server.url, 'GET', `/api/stories/hist/versions/${id1}/diff`)).body).toMatchObject({ to: id2 });

    const restorePath = `/api/stories/hist/versions/${id1}/restore`;
    expect(await call(server.url, 'POST', restorePath, { key })).toMatchObject({ status: 428 });
    expect(await call(server.url, 'POST', restorePath, { key, headers: { 'If-Match': v1.etag ?? '' } })).toMatchObject({ status: 412 });
    const restored = await call(server.url, 'POST', restorePath, { key, headers: { 'If-Match': v2.etag ?? '' } });
    expect(restored).toMatchObject({ status: 200, etag: v1.etag });
    expect((await call(server.url, 'GET', '/api/stories/hist')).body).toMatchObject({ title: 'First' });
    expect(((await call(server.url, 'GET', '/api/stories/hist/versions')).body as Array<{ version: string }>).map((v) => v.version)).toEqual([id1, id2, id1]);
  });

  it('shows a bundled story as version 1, and a save shadows it', async () => {
    expect((await call(server.url, 'GET', '/api/stories/lesson/versions')).body).toMatchObject([{ savedBy: 'bundled', savedAt: null }]);
    const lesson = await call(server.url, 'GET', '/api/stories/lesson');
    const edited = await put('lesson', { ...(lesson.body as object), title: 'Lesson, edited' }, { 'If-Match': lesson.etag ?? '' });
    expect(edited.status).toBe(200);
    expect((await call(server.url, 'GET', '/api/stories/lesson/versions')).body).toMatchObject([{ savedBy: 'operator', title: 'Lesson, edited' }, { savedBy: 'bundled', savedAt: null, version: JSON.parse(lesson.etag ?? '""') }]);
    expect(((await call(server.url, 'GET', '/api/stories')).body as Array<{ id: string; source: string }>).find((s) => s.id === 'lesson')).toMatchObject({ source: 'uploaded' });
  });

  it('a running room keeps the version it started with across a save and a server restart', async () => {
    const v1 = await put('pinned', draft('pinned', 'Pinned v1', 'Old end'), { 'If-None-Match': '*' });
    const room = await call(server.url, 'POST', '/api/rooms', { key, body: { story: 'pinned' } });
    expect(room).toMatchObject({ status: 201, body: { storyVersion: JSON.parse(v1.etag ?? '""') } });
    const roomId = (room.body as { id: string }).id;
    // Version 2 leads from `a` to a new ending, `fresh`; the room must still go to `end`.
    const next = draft('pinned', 'Pinned v2', 'New end');
    next.nodes = { ...next.nodes, a: { media: { src: 'a/manifest.mpd', duration: 20 }, next: 'fresh' }, fresh: { media: { src: 'f/manifest.mpd', duration: 5 }, ending: { title: 'Fresh' } } };
    const v2 = await put('pinned', next, { 'If-Match': v1.etag ?? '' });
    expect(v2.status).toBe(200);
    const roomStory = () => call(server.url, 'GET', `/api/rooms/${roomId}/story`, { key });
    expect(await roomStory()).toMatchObject({ status: 200, etag: v1.etag, body: { title: 'Pinned v1' } });

    await server.stop();
    await start();
    expect(await roomStory()).toMatchObject({ status: 200, etag: v1.etag, body: { title: 'Pinned v1' } });
    expect((await call(server.url, 'GET', `/api/rooms/${roomId}`, { key })).body).toMatchObject({ story: 'pinned', closed: false });
    expect((await call(server.url, 'GET', '/api/stories/pinned')).etag).toBe(v2.etag);
    expect(await call(server.url, 'GET', `/api/stories/pinned/versions/${JSON.parse(v1.etag ?? '""') as string}`)).toMatchObject({ status: 200, body: { title: 'Pinned v1' } });
    // Play it to the end of `a`: the restarted room follows version 1.
    const hostKey = (room.body as { hostToken: string }).hostToken;
    for (const cmd of [{ type: 'seek', position: 19.8 }, { type: 'play' }]) {
      expect((await call(server.url, 'POST', `/api/rooms/${roomId}/commands`, { key: hostKey, body: { cmd } })).status).toBe(200);
    }
    let node = 'a';
    for (let i = 0; i < 50 && node === 'a'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      node = ((await call(server.url, 'GET', `/api/rooms/${roomId}`, { key })).body as { node: string }).node;
    }
    expect(node).toBe('end');
    const fresh = await call(server.url, 'POST', '/api/rooms', { key, body: { story: 'pinned' } });
    expect(fresh.body).toMatchObject({ storyVersion: JSON.parse(v2.etag ?? '""') });
  });
});

describe('hostile requests', () => {
  it('answer below 500', async () => {
    const bodies: unknown[] = ['', 'null', '[]', '{"format"', '\u0000\u00ff', '['.repeat(100_000), JSON.stringify({ ...draft('h', 'H'), nodes: { __proto__: {} } }), '{"__proto__": {"id": "h"}}'];
    const headers: Array<Record<string, string>> = [{}, { 'If-Match': '' }, { 'If-Match': 'W/"x", ,,"' }, { 'If-None-Match': '"' }, { 'If-Match': '*', 'If-None-Match': '*' }];
    for (const body of bodies) {
      for (const h of headers) {
        const answer = await put('h', body, h);
        expect(answer.status, `${String(body).slice(0, 40)} ${JSON.stringify(h)}`).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }
    }
    const paths = ['/api/stories/%ZZ/versions', '/api/stories/h/versions/..%2F..%2Fsecret', '/api/stories/hist/versions/zzzz/diff?to=%00', '/api/stories/hist/versions/0123456789abcdef', '/api/stories/demo/versions/x/restore', '/api/stories/%E0%A4%A/shares', '/api/authors/..%2F'];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'DELETE', 'PUT']) {
        const answer = await call(server.url, method, path, { key, ...(method === 'GET' ? {} : { body: '{"author": {"x": 1}, "name": []}' }) });
        expect(answer.status, `${method} ${path}`).toBeLessThan(500);
      }
    }
    expect((await call(server.url, 'GET', '/healthz')).status).toBe(200);
  });
});
