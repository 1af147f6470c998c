/**
 * No secret, token or upload URL is ever logged (issue 19.3). A real
 * `branchcast serve` at the chattiest level (trace) goes through a session
 * that handles every kind of secret: the operator key, an author key, host
 * and viewer tokens (in `?token=` and `#token=` paths too), tus uploads (whose
 * URL is the capability to write them), and bad tokens and keys, which must be
 * logged as "bad token", never echoed. Then everything the process printed,
 * stdout and stderr, is searched for each value.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLogLines } from './support/log-lines.ts';
import { rawRequest } from './support/raw-http.ts';
import { RoomClient } from './support/room-client.ts';
import { api, createRoom, postStory, viewerToken } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';

const secret = (label: string): string => `${label}${randomBytes(16).toString('hex')}`;
const ADMIN_KEY = secret('op-');

const story = {
  format: 'branchcast/story@1',
  id: 'secrets',
  title: 'Secrets',
  start: 'a',
  nodes: {
    a: { media: { src: 's/a.mpd', duration: 600 }, next: 'b' },
    b: { media: { src: 's/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

describe('the server log', () => {
  let server: ServerProcess;
  const clients: RoomClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.terminate();
    await server?.stop();
  });
  beforeAll(async () => {
    server = await startServerProcess({ args: ['--admin-key', ADMIN_KEY, '--log-level', 'trace'] });
  });

  it('holds none of the secrets a session used, nor upload ids or URLs', async () => {
    const secrets: Record<string, string> = { 'operator key': ADMIN_KEY };
    const base = server.url;

    // Operator and author keys.
    await postStory(base, ADMIN_KEY, story);
    const author = await api(base, 'POST', '/api/authors', { key: ADMIN_KEY, body: { name: 'Ana' } });
    expect(author.status).toBe(201);
    secrets['author key'] = (author.body as { key: string }).key;
    expect((await api(base, 'GET', '/api/stories', { key: secrets['author key'] })).status).toBe(200);

    // Host and viewer tokens, over the socket (?token=) and in page paths (?token=, #token=).
    const room = await createRoom(base, ADMIN_KEY, story.id);
    secrets['host token'] = room.hostToken;
    secrets['viewer token'] = (await viewerToken(base, room.id)).token;
    const host = await RoomClient.connect(base, { token: room.hostToken });
    const viewer = await RoomClient.connect(base, { token: secrets['viewer token'] });
    clients.push(host, viewer);
    await Promise.all([host.welcome(), viewer.welcome()]);
    expect(await host.command({ type: 'play' })).toMatchObject({ t: 103 });
    expect(await host.command({ type: 'pause' })).toMatchObject({ t: 103 });
    for (const path of [`/watch/${room.id}?token=${secrets['viewer token']}`, `/host/${room.id}#token=${room.hostToken}`, `/media/s/a.mpd?token=${room.hostToken}`, `/api/rooms/${room.id}?token=${room.hostToken}#token=${secrets['viewer token']}`]) {
      expect((await rawRequest(server.port, path)).status).toBeGreaterThan(0);
    }

    // Bad tokens and keys: refused, and logged (at debug) as a bad token without the value.
    secrets['bad token'] = secret('bad-token-');
    secrets['tampered token'] = `${room.hostToken.slice(0, -4)}AAAA`;
    for (const token of [secrets['bad token'], secrets['tampered token']]) {
      const refused = await RoomClient.connect(base, { token });
      clients.push(refused);
      expect((await refused.closed).code).toBeGreaterThanOrEqual(4000);
    }
    secrets['bad key'] = secret('bca_');
    expect((await api(base, 'GET', '/api/authors', { key: secrets['bad key'] })).status).toBe(401);
    expect((await api(base, 'POST', '/api/rooms', { key: secrets['bad key'], body: { story: story.id } })).status).toBe(401);

    // A tus upload with the author's key: created, written, read back, and one that does not exist.
    const tus = { 'Tus-Resumable': '1.0.0' };
    const created = await fetch(`${base}/uploads/`, { method: 'POST', headers: { ...tus, 'Upload-Length': '5', Authorization: `Bearer ${secrets['author key']}` } });
    expect(created.status).toBe(201);
    const uploadUrl = new URL(created.headers.get('Location') ?? '', base).href;
    secrets['upload URL'] = uploadUrl;
    secrets['upload id'] = uploadUrl.split('/').pop() ?? '';
    expect(secrets['upload id'].length).toBeGreaterThan(10);
    const patched = await fetch(uploadUrl, { method: 'PATCH', headers: { ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, body: 'hello' });
    expect(patched.status).toBe(204);
    expect((await fetch(uploadUrl, { method: 'HEAD', headers: tus })).headers.get('Upload-Offset')).toBe('5');
    secrets['unknown upload id'] = randomBytes(16).toString('base64url');
    expect((await fetch(`${base}/uploads/${secrets['unknown upload id']}`, { method: 'HEAD', headers: tus })).status).toBe(404);

    host.terminate();
    viewer.terminate();
    await server.stop();
    const output = server.output();

    // The log was there to search: structured, at trace, and it did see the bad tokens.
    const lines = parseLogLines(output);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.filter((l) => l.msg === 'bad token')).toHaveLength(2);
    expect(lines.find((l) => l.msg === 'bad token')).toMatchObject({ level: 'debug', conn: expect.anything() as unknown });
    // …and the joins of the tokens searched for, with the room and connection as fields.
    expect(lines.filter((l) => l.msg === 'joined' && l.room === room.id).map((l) => l.role).sort()).toEqual(['host', 'viewer']);
    expect(lines.filter((l) => l.msg === 'joined').every((l) => typeof l.conn === 'string' || typeof l.conn === 'number')).toBe(true);
    expect(lines.find((l) => l.msg === 'room created')).toMatchObject({ level: 'info', room: room.id, story: story.id });

    const found = Object.entries(secrets).filter(([, value]) => output.includes(value));
    expect(found.map(([name]) => name), output).toEqual([]);
    // No upload URL of any shape, and no token parameter, in any line.
    expect(output).not.toMatch(/\/uploads\/[A-Za-z0-9_-]{10,}/);
    expect(output).not.toMatch(/[?#&]token=/);
  });
});
