/**
 * docs/openapi.yaml against a real `branchcast serve` (compiled, in cluster
 * mode on a real Redis so the cluster routes mount too, with real ffmpeg-made
 * media): every operation is driven at least once to a success and, where the
 * document lists client errors, to one of those; each request is checked
 * against the document before it is sent (and requests that are wrong on
 * purpose must be found wrong), and each answer's status, headers, content
 * type and body after. The routes the server mounts are read from its
 * composition (test/support/mounted-routes.ts), so a route added without the
 * document, or an operation the server lost, fails here: describe a new
 * route in docs/openapi.yaml and drive it below.
 *
 * Why whole (over 300 lines): one server, one story, one room and one upload
 * are set up and walked through in order, every operation in one place.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApiJson } from '../server/api/openapi-route.ts';
import { mountedRoutes, type MountedRoute } from './support/mounted-routes.ts';
import { OpenApiContract } from './support/openapi-contract.ts';
import { undocumentedRoutes, unmountedOperations } from './support/openapi-route-match.ts';
import { testRedis, type RedisServer } from './support/redis-server.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { choiceStory } from './support/story-fixtures.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const REPO = join(import.meta.dirname, '..');
const MANIFEST = 'demo/walk/manifest.mpd';

let tmp: TempDir;
let redis: RedisServer;
let server: ServerProcess;
let contract: OpenApiContract;
let source: Record<string, unknown>;
let routes: MountedRoute[];
let operator: string;

interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  json?: unknown;
  bytes?: Buffer;
  /** Bearer credential. */
  key?: string;
  /** The request breaks the document on purpose (an error case): it must be found wrong. */
  invalid?: boolean;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Buffer;
  json<T = Record<string, unknown>>(): T;
}

/** Sends operation `id` as `call` describes, and checks the request and the answer against the document. */
async function call(id: string, c: Call = {}): Promise<Answer> {
  const op = contract.operation(id);
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (c.params?.[name] ?? '').split('/').map(encodeURIComponent).join('/'));
  const query = new URLSearchParams(c.query ?? {});
  const body = c.json !== undefined ? Buffer.from(JSON.stringify(c.json)) : c.bytes === undefined ? undefined : Buffer.from(c.bytes);
  const headers: Record<string, string> = {
    ...(c.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...(c.key !== undefined ? { Authorization: `Bearer ${c.key}` } : {}),
    ...c.headers,
  };
  const problems = contract.requestProblems(id, { path: c.params ?? {}, query, headers, body });
  if (c.invalid === true) expect(problems, `${id}: the request meant to be wrong passes the document`).not.toEqual([]);
  else expect(problems, `${id}: the request`).toEqual([]);
  const search = query.size > 0 ? `?${query}` : '';
  const response = await fetch(`${server.url}${path}${search}`, { method: op.method.toUpperCase(), headers, ...(body ? { body } : {}) });
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(contract.responseProblems(id, { status: response.status, headers: response.headers, body: bytes, head: op.method === 'head' }), `${id} ${op.method.toUpperCase()} ${path}${search} → ${response.status} ${bytes.toString('utf8', 0, 300)}`).toEqual([]);
  return { status: response.status, headers: response.headers, body: bytes, text: bytes.toString('utf8'), json: <T>() => JSON.parse(bytes.toString('utf8')) as T };
}

/** Opens the room socket (the GET that upgrades) and checks the handshake's answer like any other. */
async function upgrade(token: string, origin?: string): Promise<number> {
  const query = new URLSearchParams({ token });
  const headers = { Upgrade: 'websocket', ...(origin ? { Origin: origin } : {}) };
  expect(contract.requestProblems('openRoomSocket', { path: {}, query, headers })).toEqual([]);
  const answer = await new Promise<{ status: number; headers: Headers; body: Buffer }>((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/ws?${query}`, origin ? { origin } : {});
    const toHeaders = (raw: Record<string, string | string[] | undefined>): Headers => new Headers(Object.entries(raw).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])));
    socket.once('upgrade', (res) => resolve({ status: res.statusCode ?? 0, headers: toHeaders(res.headers), body: Buffer.alloc(0) }));
    socket.once('open', () => socket.close());
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: toHeaders(res.headers), body: Buffer.concat(chunks) }));
    });
    socket.once('error', (error) => (error.message.includes('Unexpected server response') ? undefined : reject(error)));
  });
  expect(contract.responseProblems('openRoomSocket', { ...answer, head: false })).toEqual([]);
  return answer.status;
}

beforeAll(async () => {
  tmp = await makeTempDir('branchcast-openapi-');
  const media = join(tmp.path, 'media');
  await promisify(execFile)(process.execPath, [join(REPO, 'bin', 'branchcast.js'), 'media', 'demo', '--media', media], { cwd: REPO });
  redis = await testRedis();
  // A cluster node needs the operator key given, not generated.
  operator = randomBytes(24).toString('base64url');
  server = await startServerProcess({ args: ['--media', media, '--redis', redis.url, '--redis-prefix', `${redis.prefix}serve:`, '--admin-key', operator], startTimeoutMs: 60_000 });
  routes = await mountedRoutes({ data: join(tmp.path, 'compose-data'), media, redis: redis.url, 'redis-prefix': `${redis.prefix}compose:`, 'admin-key': operator });
  source = parse(await readFile(join(REPO, 'docs', 'openapi.yaml'), 'utf8')) as Record<string, unknown>;
  contract = new OpenApiContract(source);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await redis?.stop();
  await tmp?.remove();
});

describe('docs/openapi.yaml and the routes the server mounts', () => {
  it('describes every route the server mounts, and lists none it does not', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(undocumentedRoutes(routes, source.paths as never), 'mounted, not in docs/openapi.yaml').toEqual([]);
    expect(unmountedOperations(routes, source.paths as never), 'in docs/openapi.yaml, not mounted').toEqual([]);
  });

  it('is a well-formed OpenAPI 3.1 document: unique operation ids, every $ref resolves', () => {
    expect(source.openapi).toMatch(/^3\.1\./);
    const ids = contract.operations.map((op) => op.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') refs.push(value);
        else walk(value);
      }
    };
    walk(source);
    const resolves = (ref: string): boolean => ref.startsWith('#/') && ref.slice(2).split('/').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], source) !== undefined;
    expect(refs.filter((ref) => !resolves(ref))).toEqual([]);
  });

  it('is served as JSON at /api/openapi.json, the same document compiled (dist/openapi.json) and from source', async () => {
    const served = await call('getOpenApiDocument');
    expect(served.json()).toEqual(source);
    // This test runs from source, so this is the YAML read and converted at start (`npm run dev`).
    expect(JSON.parse(await loadOpenApiJson())).toEqual(source);
  });
});

describe('every operation, against the document', () => {
  const story = choiceStory();
  let etag = '';
  let author = '';
  let room = { id: '', hostToken: '' };
  let viewer = '';
  let solo = '';
  let upload = '';

  it('health, metrics, config', async () => {
    await call('getHealth');
    await call('headHealth');
    expect((await call('getMetrics')).text).toContain('branchcast_');
    await call('getConfig');
  });

  it('stories: create, list, read, save with If-Match', async () => {
    expect((await call('postStory', { json: story, key: operator })).status).toBe(201);
    expect((await call('postStory', { json: story, invalid: true })).status).toBe(401);
    expect((await call('postStory', { json: { id: 'broken' }, key: operator, invalid: true })).status).toBe(400);
    await call('listStories');
    const read = await call('getStory', { params: { id: story.id } });
    etag = read.headers.get('etag') ?? '';
    expect((await call('getStory', { params: { id: 'no-such-story' } })).status).toBe(404);
    expect((await call('putStory', { params: { id: story.id }, json: { ...story, title: 'Choice 2' }, key: operator })).status).toBe(428);
    const saved = await call('putStory', { params: { id: story.id }, json: { ...story, title: 'Choice 2' }, key: operator, headers: { 'If-Match': etag } });
    expect(saved.status).toBe(200);
    etag = saved.headers.get('etag') ?? '';
  });

  it('versions: history, one version, a diff, a restore', async () => {
    const history = (await call('listStoryVersions', { params: { id: story.id } })).json<Array<{ version: string }>>();
    expect(history.length).toBe(2);
    const first = history.at(-1)?.version ?? '';
    expect((await call('listStoryVersions', { params: { id: 'no-such-story' } })).status).toBe(404);
    await call('getStoryVersion', { params: { id: story.id, version: first } });
    expect((await call('getStoryVersion', { params: { id: story.id, version: 'no-such-version' } })).status).toBe(404);
    await call('diffStoryVersions', { params: { id: story.id, version: first }, query: { to: 'current' } });
    expect((await call('diffStoryVersions', { params: { id: story.id, version: 'no-such-version' } })).status).toBe(404);
    expect((await call('restoreStoryVersion', { params: { id: story.id, version: first }, invalid: true })).status).toBe(401);
    const restored = await call('restoreStoryVersion', { params: { id: story.id, version: first }, key: operator, headers: { 'If-Match': etag } });
    expect(restored.status).toBe(200);
    etag = restored.headers.get('etag') ?? '';
  });

  it('authors and shares', async () => {
    expect((await call('createAuthor', { json: { name: 'Ada' }, invalid: true })).status).toBe(401);
    expect((await call('createAuthor', { json: { name: '' }, key: operator, invalid: true })).status).toBe(400);
    const created = await call('createAuthor', { json: { name: 'Ada' }, key: operator });
    author = created.json<{ id: string }>().id;
    await call('listAuthors', { key: operator });
    expect((await call('listAuthors', { invalid: true })).status).toBe(401);
    await call('shareStory', { params: { id: story.id }, json: { author }, key: operator });
    expect((await call('shareStory', { params: { id: story.id }, json: {}, key: operator, invalid: true })).status).toBe(400);
    await call('unshareStory', { params: { id: story.id, author }, key: operator });
    expect((await call('unshareStory', { params: { id: 'no-such-story', author }, key: operator })).status).toBe(404);
    expect((await call('revokeAuthor', { params: { id: author }, key: operator })).status).toBe(204);
    expect((await call('revokeAuthor', { params: { id: author }, key: operator })).status).toBe(404);
  });

  it('solo: a viewer, a save, a play, the story analytics', async () => {
    const created = await call('createSoloViewer', { params: { id: story.id } });
    solo = created.json<{ token: string }>().token;
    expect((await call('createSoloViewer', { params: { id: 'no-such-story' } })).status).toBe(404);
    expect((await call('getSave', { params: { id: story.id }, key: solo })).status).toBe(404);
    expect((await call('getSave', { params: { id: story.id }, invalid: true })).status).toBe(401);
    const save = { storyVersion: etag.replace(/"/g, ''), log: [] };
    expect((await call('putSave', { params: { id: story.id }, json: save, key: solo })).status).toBe(201);
    expect((await call('putSave', { params: { id: story.id }, json: { log: [] }, key: solo, invalid: true })).status).toBe(400);
    expect((await call('putSave', { params: { id: story.id }, json: save, key: solo, headers: { 'If-Match': '"stale"' } })).status).toBe(412);
    expect((await call('getSave', { params: { id: story.id }, key: solo })).json()).toEqual(save);
    const batch = { play: 'contract-play-1', from: 0, inputs: [], storyVersion: save.storyVersion };
    expect((await call('postPlay', { params: { id: story.id }, json: batch })).status).toBe(202);
    expect((await call('postPlay', { params: { id: story.id }, json: { ...batch, play: 'x' }, invalid: true })).status).toBe(400);
    for (const format of ['json', 'csv', 'ndjson', 'xapi']) expect((await call('getStoryAnalytics', { params: { id: story.id }, query: { format }, key: operator })).status).toBe(200);
    expect((await call('getStoryAnalytics', { params: { id: story.id }, query: { format: 'pdf' }, key: operator, invalid: true })).status).toBe(400);
    expect((await call('getStoryAnalytics', { params: { id: story.id }, invalid: true })).status).toBe(401);
  });

  it('rooms: create, read, join, command, analytics, backup and import, cluster, socket, close', async () => {
    expect((await call('createRoom', { json: { story: story.id }, invalid: true })).status).toBe(401);
    expect((await call('createRoom', { json: {}, key: operator, invalid: true })).status).toBe(400);
    expect((await call('createRoom', { json: { story: 'no-such-story' }, key: operator })).status).toBe(404);
    room = (await call('createRoom', { json: { story: story.id }, key: operator })).json<{ id: string; hostToken: string }>();
    await call('getRoom', { params: { id: room.id }, key: room.hostToken });
    expect((await call('getRoom', { params: { id: room.id }, invalid: true })).status).toBe(401);
    expect((await call('getRoom', { params: { id: 'no-such-room' }, key: operator })).status).toBe(404);
    await call('getRoomStory', { params: { id: room.id }, key: operator });
    expect((await call('getRoomStory', { params: { id: room.id }, invalid: true })).status).toBe(401);
    viewer = (await call('createViewer', { params: { id: room.id } })).json<{ token: string }>().token;
    expect((await call('createViewer', { params: { id: 'no-such-room' } })).status).toBe(404);
    expect((await call('postCommand', { params: { id: room.id }, json: { id: 'c-1', cmd: { type: 'play' } }, key: room.hostToken })).status).toBe(200);
    expect((await call('postCommand', { params: { id: room.id }, json: { id: 'c-2' }, key: room.hostToken, invalid: true })).status).toBe(400);
    expect((await call('postCommand', { params: { id: room.id }, json: { cmd: { type: 'pause' } }, key: viewer })).status).toBe(403);
    expect((await call('postCommand', { params: { id: room.id }, json: { cmd: { type: 'play' } }, invalid: true })).status).toBe(401);
    for (const format of ['json', 'csv', 'ndjson', 'xapi']) expect((await call('getRoomAnalytics', { params: { id: room.id }, query: { format }, key: room.hostToken })).status).toBe(200);
    expect((await call('getRoomAnalytics', { params: { id: room.id }, key: viewer })).status).toBe(403);
    expect((await call('getClusterStatus', { key: operator })).json<{ rooms: unknown[] }>().rooms.length).toBeGreaterThan(0);
    expect((await call('getClusterStatus', { invalid: true })).status).toBe(401);
    expect((await call('getClusterRoom', { params: { id: room.id }, key: operator })).json()).toMatchObject({ room: room.id });
    expect((await call('getClusterRoom', { params: { id: room.id }, invalid: true })).status).toBe(401);
    const backup = await call('exportRoom', { params: { id: room.id }, key: operator });
    expect(backup.status).toBe(200);
    expect((await call('exportRoom', { params: { id: room.id }, invalid: true })).status).toBe(401);
    expect((await call('exportRoom', { params: { id: 'no-such-room' }, key: operator })).status).toBe(404);
    const bcr = { 'Content-Type': 'application/vnd.branchcast.room-backup' };
    expect((await call('importRoom', { query: { as: `${room.id}-copy` }, bytes: backup.body, headers: bcr, key: operator })).status).toBe(201);
    expect((await call('importRoom', { query: { as: `${room.id}-copy` }, bytes: backup.body, headers: bcr, key: operator })).status).toBe(409);
    expect((await call('importRoom', { bytes: backup.body.subarray(0, 20), headers: bcr, key: operator })).status).toBe(422);
    expect((await call('importRoom', { bytes: backup.body, headers: bcr, invalid: true })).status).toBe(401);
    expect(await upgrade(viewer)).toBe(101);
    expect(await upgrade(viewer, 'http://elsewhere.example')).toBe(403);
    expect((await call('closeRoom', { params: { id: room.id }, key: viewer })).status).toBe(401);
    expect((await call('closeRoom', { params: { id: room.id }, key: room.hostToken })).status).toBe(204);
    expect((await call('createViewer', { params: { id: room.id } })).status).toBe(410);
  });

  it('uploads (tus) and packaging jobs', async () => {
    const tus = { 'Tus-Resumable': '1.0.0' };
    const discovered = await call('discoverUploads');
    expect(discovered.headers.get('tus-version')).toBe('1.0.0');
    const bytes = Buffer.from('not really a video, but bytes to upload\n');
    const length = { ...tus, 'Upload-Length': String(bytes.length), 'Upload-Metadata': `filename ${Buffer.from('clip.mp4').toString('base64')}` };
    expect((await call('createUpload', { headers: length, invalid: true })).status).toBe(401);
    expect((await call('createUpload', { headers: { 'Upload-Length': '10' }, key: operator, invalid: true })).status).toBe(412);
    const created = await call('createUpload', { headers: length, key: operator });
    expect(created.status).toBe(201);
    upload = (created.headers.get('location') ?? '').split('/').pop() ?? '';
    const octets = { ...tus, 'Content-Type': 'application/offset+octet-stream' };
    expect((await call('appendUpload', { params: { id: upload }, headers: { ...octets, 'Upload-Offset': '5' }, bytes })).status).toBe(409);
    expect((await call('appendUpload', { params: { id: upload }, headers: { ...octets, 'Upload-Offset': '0' }, bytes })).status).toBe(204);
    expect((await call('getUploadOffset', { params: { id: upload }, headers: tus })).headers.get('upload-offset')).toBe(String(bytes.length));
    expect((await call('getUploadOffset', { params: { id: 'no-such-upload' }, headers: tus })).status).toBe(404);

    const node = { id: story.id, node: 'a' };
    expect((await call('packageNodeMedia', { params: node, json: { upload }, invalid: true })).status).toBe(401);
    expect((await call('packageNodeMedia', { params: node, json: { upload, extra: 1 }, key: operator, invalid: true })).status).toBe(400);
    expect((await call('packageNodeMedia', { params: { ...node, id: 'no-such-story' }, json: { upload }, key: operator })).status).toBe(404);
    expect((await call('packageNodeMedia', { params: node, json: { upload: 'no-such-upload' }, key: operator })).status).toBe(422);
    const job = (await call('packageNodeMedia', { params: node, json: { upload }, key: operator })).json<{ job: string }>().job;
    await call('getJob', { params: { id: job }, key: operator });
    expect((await call('getJob', { params: { id: 'no-such-job' }, key: operator })).status).toBe(404);

    const doomed = (await call('createUpload', { headers: length, key: operator })).headers.get('location')?.split('/').pop() ?? '';
    expect((await call('deleteUpload', { params: { id: doomed }, headers: tus })).status).toBe(204);
    expect((await call('deleteUpload', { params: { id: doomed }, headers: tus })).status).toBe(404);
  });

  it('media: Range serving, probe, frame', async () => {
    const whole = await call('getMediaFile', { params: { path: MANIFEST } });
    expect(whole.status).toBe(200);
    expect((await call('getMediaFile', { params: { path: MANIFEST }, headers: { Range: 'bytes=0-9' } })).status).toBe(206);
    expect((await call('getMediaFile', { params: { path: MANIFEST }, headers: { 'If-None-Match': whole.headers.get('etag') ?? '' } })).status).toBe(304);
    expect((await call('getMediaFile', { params: { path: 'demo/no-such-file.mpd' } })).status).toBe(404);
    expect((await call('getMediaFile', { params: { path: MANIFEST }, headers: { Range: 'bytes=999999-' } })).status).toBe(416);
    expect((await call('headMediaFile', { params: { path: MANIFEST } })).status).toBe(200);
    expect((await call('headMediaFile', { params: { path: 'demo/no-such-file.mpd' } })).status).toBe(404);
    expect((await call('probeMedia', { query: { src: MANIFEST }, key: operator })).json()).toMatchObject({ src: MANIFEST });
    expect((await call('probeMedia', { key: operator, invalid: true })).status).toBe(400);
    expect((await call('probeMedia', { query: { src: MANIFEST }, invalid: true })).status).toBe(401);
    const frame = await call('getMediaFrame', { query: { src: MANIFEST, t: '1' } });
    expect(frame.status).toBe(200);
    expect((await call('getMediaFrame', { query: { src: MANIFEST, t: '1' }, headers: { 'If-None-Match': frame.headers.get('etag') ?? '' } })).status).toBe(304);
    expect((await call('getMediaFrame', { query: { src: MANIFEST, w: '5' }, invalid: true })).status).toBe(400);
    expect((await call('getMediaFrame', { query: { src: 'demo/no-such-file.mpd' } })).status).toBe(404);
  });

  it('pages and bundles', async () => {
    await call('homePage');
    await call('watchPage', { params: { room: 'any-room' } });
    await call('hostPage', { params: { room: 'any-room' } });
    await call('soloPage', { params: { story: story.id } });
    await call('studioPage');
    for (const id of ['playerBundle', 'studioBundle']) {
      const bundle = await call(id);
      expect(bundle.status).toBe(200);
      expect((await call(id, { headers: { 'If-None-Match': bundle.headers.get('etag') ?? '' } })).status).toBe(304);
    }
  });

  it('drove every operation to a success and, where it lists client errors, to one', () => {
    expect(contract.undriven()).toEqual([]);
  });
});
