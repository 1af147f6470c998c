/**
 * Author keys over a real server (issue 16, docs/studio-api.md): the operator
 * issues and revokes them; an author creates and edits their own stories and
 * uploads media, sees others' only when shared, and cannot run rooms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { call, code, draft } from './support/studio-api.ts';

let server: ServerProcess;
let operator: string;
const authors: Record<string, { id: string; key: string }> = {};

beforeAll(async () => {
  server = await startServerProcess();
  operator = adminKeyFrom(server.output());
  for (const name of ['Ana', 'Ben', 'Cy']) {
    const created = await call(server.url, 'POST', '/api/authors', { key: operator, body: { name } });
    expect(created).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^au-/), name, key: expect.stringMatching(/^bca_/) } });
    authors[name] = created.body as { id: string; key: string };
  }
});
afterAll(async () => {
  await server?.stop();
});

const as = (name: string) => authors[name]?.key ?? '';
const ids = async (key: string | undefined): Promise<string[]> => ((await call(server.url, 'GET', '/api/stories', { key })).body as Array<{ id: string }>).map((s) => s.id);

describe('authors', () => {
  it('are managed by the operator only, listed without keys', async () => {
    const list = await call(server.url, 'GET', '/api/authors', { key: operator });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain('bca_');
    expect((list.body as Array<{ name: string }>).map((a) => a.name)).toEqual(['Ana', 'Ben', 'Cy']);
    expect(await call(server.url, 'GET', '/api/authors', { key: as('Ana') })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await call(server.url, 'POST', '/api/authors', { key: as('Ana'), body: { name: 'Eve' } })).toMatchObject({ status: 403 });
    expect(await call(server.url, 'GET', '/api/authors', { key: 'bca_nope' })).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    for (const body of ['', '{}', '{"name": ""}', '{"name": 42}', `{"name": "${'x'.repeat(101)}"}`, '{"name": "a\\u0000b"}', 'null']) {
      expect((await call(server.url, 'POST', '/api/authors', { key: operator, body })).status, body).toBe(400);
    }
  });

  it('create and edit their own stories, which others see only when shared', async () => {
    const created = await call(server.url, 'PUT', '/api/stories/ana-draft', { key: as('Ana'), body: draft('ana-draft', 'Ana 1'), headers: { 'If-None-Match': '*' } });
    expect(created.status).toBe(201);
    const edited = await call(server.url, 'PUT', '/api/stories/ana-draft', { key: as('Ana'), body: draft('ana-draft', 'Ana 2'), headers: { 'If-Match': created.etag ?? '' } });
    expect(edited.status).toBe(200);
    const versions = await call(server.url, 'GET', '/api/stories/ana-draft/versions', { key: as('Ana') });
    expect(versions.body).toMatchObject([{ savedBy: authors.Ana?.id, savedByName: 'Ana', title: 'Ana 2' }, { title: 'Ana 1' }]);

    // Not shared: Ben is refused, the public does not see it at all; the operator sees everything.
    expect(await call(server.url, 'GET', '/api/stories/ana-draft', { key: as('Ben') })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await call(server.url, 'GET', '/api/stories/ana-draft/versions', { key: as('Ben') })).toMatchObject({ status: 403 });
    expect(await call(server.url, 'GET', '/api/stories/ana-draft')).toMatchObject({ status: 404 });
    expect(await ids(as('Ben'))).not.toContain('ana-draft');
    expect(await ids(undefined)).not.toContain('ana-draft');
    expect(await ids(operator)).toContain('ana-draft');
    expect(await ids(as('Ana'))).toEqual(expect.arrayContaining(['ana-draft', 'demo']));
    expect(await call(server.url, 'PUT', '/api/stories/ana-draft', { key: as('Ben'), body: draft('ana-draft', 'Ben'), headers: { 'If-Match': '*' } })).toMatchObject({ status: 403 });
    expect(await call(server.url, 'PUT', '/api/stories/ana-draft', { key: as('Ben'), body: draft('ana-draft', 'Ben'), headers: { 'If-None-Match': '*' } })).toMatchObject({ status: 403 });

    // Shared with Ben: he reads and saves it, but only Ana (or the operator) shares it on.
    expect(await call(server.url, 'POST', '/api/stories/ana-draft/shares', { key: as('Ben'), body: { author: authors.Ben?.id } })).toMatchObject({ status: 403 });
    expect(await call(server.url, 'POST', '/api/stories/ana-draft/shares', { key: as('Ana'), body: { author: 'au-nobody' } })).toMatchObject({ status: 404 });
    expect(await call(server.url, 'POST', '/api/stories/ana-draft/shares', { key: as('Ana'), body: { author: authors.Ben?.id } })).toMatchObject({ status: 200, body: { shares: [authors.Ben?.id] } });
    expect(await ids(as('Ben'))).toContain('ana-draft');
    const seen = await call(server.url, 'GET', '/api/stories/ana-draft', { key: as('Ben') });
    expect(await call(server.url, 'PUT', '/api/stories/ana-draft', { key: as('Ben'), body: draft('ana-draft', 'Ben 3'), headers: { 'If-Match': seen.etag ?? '' } })).toMatchObject({ status: 200 });
    expect(await call(server.url, 'POST', '/api/stories/ana-draft/shares', { key: as('Ben'), body: { author: authors.Cy?.id } })).toMatchObject({ status: 403 });
    expect(await ids(as('Cy'))).not.toContain('ana-draft');
    expect(await call(server.url, 'DELETE', `/api/stories/ana-draft/shares/${authors.Ben?.id ?? ''}`, { key: operator })).toMatchObject({ status: 200, body: { shares: [] } });
    expect(await call(server.url, 'GET', '/api/stories/ana-draft', { key: as('Ben') })).toMatchObject({ status: 403 });
  });

  it('see bundled and operator stories read-only, and cannot run rooms or POST stories', async () => {
    const demo = await call(server.url, 'GET', '/api/stories/demo', { key: as('Cy') });
    expect(demo.status).toBe(200);
    expect(((await call(server.url, 'GET', '/api/stories', { key: as('Cy') })).body as Array<{ id: string; editable: boolean }>).find((s) => s.id === 'demo')).toMatchObject({ editable: false });
    expect(code(await call(server.url, 'PUT', '/api/stories/demo', { key: as('Cy'), body: demo.body, headers: { 'If-Match': demo.etag ?? '' } }))).toBe('forbidden');
    expect(await call(server.url, 'POST', '/api/stories', { key: as('Cy'), body: draft('cy-post', 'Cy') })).toMatchObject({ status: 403 });
    expect(await call(server.url, 'POST', '/api/rooms', { key: as('Cy'), body: { story: 'demo' } })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await call(server.url, 'POST', '/api/rooms', { key: 'bca_wrong', body: { story: 'demo' } })).toMatchObject({ status: 401 });
  });

  it('create uploads with their key; no key is still 401', async () => {
    const tus = { 'Tus-Resumable': '1.0.0', 'Upload-Length': '5' };
    const upload = await fetch(`${server.url}/uploads/`, { method: 'POST', headers: { ...tus, Authorization: `Bearer ${as('Cy')}` } });
    expect(upload.status).toBe(201);
    expect(upload.headers.get('location')).toMatch(/\/uploads\/\S+/);
    expect((await fetch(`${server.url}/uploads/`, { method: 'POST', headers: tus })).status).toBe(401);
    expect((await fetch(`${server.url}/uploads/`, { method: 'POST', headers: { ...tus, Authorization: 'Bearer bca_wrong' } })).status).toBe(401);
  });

  it('package media into the nodes of their own stories only', async () => {
    await call(server.url, 'PUT', '/api/stories/cy-clip', { key: as('Cy'), body: draft('cy-clip', 'Cy'), headers: { 'If-None-Match': '*' } });
    const node = Object.keys(draft('cy-clip', 'Cy').nodes)[0]!;
    const post = (key: string, story: string) => call(server.url, 'POST', `/api/stories/${story}/nodes/${node}/media`, { key, body: { upload: 'no-such-upload-id-000000' } });
    // Past the access check, the made-up upload is what is refused.
    expect((await post(as('Cy'), 'cy-clip')).status).toBe(422);
    expect((await post(as('Ben'), 'cy-clip')).status).toBe(401);
    expect((await post(as('Cy'), 'demo')).status).toBe(401);
    expect((await call(server.url, 'GET', '/api/media/probe?src=demo/intro/manifest.mpd', { key: as('Cy') })).status).not.toBe(401);
  });

  it('lose every right once revoked: the key is then 401', async () => {
    const key = as('Cy');
    expect(await call(server.url, 'DELETE', `/api/authors/${authors.Cy?.id ?? ''}`, { key: operator })).toMatchObject({ status: 204 });
    expect(await call(server.url, 'DELETE', `/api/authors/${authors.Cy?.id ?? ''}`, { key: operator })).toMatchObject({ status: 404 });
    expect(await call(server.url, 'PUT', '/api/stories/cy-late', { key, body: draft('cy-late', 'Late') })).toMatchObject({ status: 401 });
    expect((await fetch(`${server.url}/uploads/`, { method: 'POST', headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '5', Authorization: `Bearer ${key}` } })).status).toBe(401);
    expect((await call(server.url, 'GET', '/api/authors', { key: operator })).body).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Cy', revokedAt: expect.stringMatching(/^\d{4}-/) })]));
  });
});
