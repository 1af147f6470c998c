/**
 * Host moderation over real sockets (issue 19.5): mute, remove a comment,
 * kick (refused afterwards, also after a restart), the comment policy, and
 * each action in the analytics export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom, api, createRoom, postStory, viewerToken, type CreatedRoom } from './support/rooms-api.ts';
import { RoomClient } from './support/room-client.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

/** One long scene: comments at any `at` in [0, 600] are valid, and nothing moves on by itself. */
const story = {
  format: 'branchcast/story@1',
  id: 'moderation',
  title: 'Moderation',
  start: 'a',
  nodes: {
    a: { media: { src: 'moderation/a.mpd', duration: 600 }, next: 'b' },
    b: { media: { src: 'moderation/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

let server: ServerProcess;
let data: TempDir;
let key: string;
let room: CreatedRoom;
let host: RoomClient;

const start = () => startServerProcess({ args: ['--data', data.path], env: { COMMANDS_PER_SECOND: '1000' } });

beforeAll(async () => {
  data = await makeTempDir('branchcast-moderation-');
  server = await start();
  key = adminKeyFrom(server.output());
  await postStory(server.url, key, story);
  room = await createRoom(server.url, key, story.id);
  host = await RoomClient.connect(server.url, { token: room.hostToken });
  await host.welcome();
}, 60_000);
afterAll(async () => {
  await host?.close();
  await server?.stop();
  await data?.remove();
});

async function viewer(token?: string): Promise<{ client: RoomClient; token: string; sub: string }> {
  const t = token ?? (await viewerToken(server.url, room.id)).token;
  const client = await RoomClient.connect(server.url, { token: t });
  const welcome = await client.welcome();
  return { client, token: t, sub: welcome.sub as string };
}

const comments = (c: RoomClient) => c.frames.filter((f) => f.t === 107).at(-1)?.comments as Array<{ id: string; text: string }> | undefined;

describe('host moderation over real sockets', () => {
  it('viewers get not-allowed; a muted viewer gets muted until unmuted', async () => {
    const ann = await viewer();
    const bob = await viewer();
    for (const cmd of [{ type: 'mute', sub: bob.sub }, { type: 'kick', sub: bob.sub }, { type: 'remove-comment', comment: 'c1' }, { type: 'comment-policy', perMinute: 1, words: [] }]) {
      expect(await ann.client.command(cmd)).toMatchObject({ t: 104, code: 'not-allowed' });
    }
    expect(await host.command({ type: 'mute', sub: ann.sub })).toMatchObject({ t: 103 });
    expect((await bob.client.waitForEvent('muted'))).toMatchObject({ sub: ann.sub, muted: true });
    expect(await ann.client.command({ type: 'comment', text: 'let me talk', at: 1 })).toMatchObject({ t: 104, code: 'muted' });
    expect(await bob.client.command({ type: 'comment', text: 'I can', at: 1 })).toMatchObject({ t: 103 });
    // The same answer over HTTP, with its status.
    const http = await fetch(`${server.url}/api/rooms/${room.id}/commands`, { method: 'POST', headers: { Authorization: `Bearer ${ann.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ cmd: { type: 'comment', text: 'http', at: 1 } }) });
    expect(http.status).toBe(403);
    expect(await http.json()).toMatchObject({ error: { code: 'muted' } });
    expect(await host.command({ type: 'unmute', sub: ann.sub })).toMatchObject({ t: 103 });
    expect(await ann.client.command({ type: 'comment', text: 'thanks', at: 1 })).toMatchObject({ t: 103 });
    await Promise.all([ann.client.close(), bob.client.close()]);
  });

  it('a removed comment is gone for everyone now, for a late joiner and for a resumed client', async () => {
    const watcher = await viewer();
    const spammer = await viewer();
    const resumer = await viewer();
    const since = (await resumer.client.welcome()).version as number;
    await resumer.client.close();
    const posted = await spammer.client.command({ type: 'comment', text: 'buy my stuff', at: 2 });
    expect(posted).toMatchObject({ t: 103 });
    const comment = await watcher.client.waitForEvent('comment');
    expect(comment).toMatchObject({ text: 'buy my stuff' });
    expect(await host.command({ type: 'remove-comment', comment: comment.id })).toMatchObject({ t: 103 });
    expect(await watcher.client.waitForEvent('comment-removed')).toMatchObject({ id: comment.id });
    expect(await host.command({ type: 'remove-comment', comment: comment.id })).toMatchObject({ t: 104, code: 'bad-state' });

    const late = await viewer();
    await late.client.waitFor((f) => f.t === 107);
    expect(comments(late.client)?.map((c) => c.id)).not.toContain(comment.id);
    expect(comments(late.client)?.length).toBeGreaterThan(0);

    const back = await RoomClient.connect(server.url, { token: resumer.token, since });
    const welcome = await back.welcome();
    expect(welcome.resume).toBe('events');
    const resumed = welcome.events as Array<{ type: string; text?: string; id?: string }>;
    expect(resumed.some((e) => e.type === 'comment' && e.id === comment.id)).toBe(false);
    expect(JSON.stringify(resumed)).not.toContain('buy my stuff');
    await Promise.all([watcher.client.close(), spammer.client.close(), late.client.close(), back.close()]);
  });

  it('the comment policy masks words and caps the whole room', async () => {
    const a = await viewer();
    const b = await viewer();
    expect(await host.command({ type: 'comment-policy', perMinute: 2, words: ['darn'] })).toMatchObject({ t: 103 });
    expect(await b.client.waitForEvent('comment-policy')).toMatchObject({ perMinute: 2, words: 1 });
    expect(await a.client.command({ type: 'comment', text: 'Darn it', at: 3 })).toMatchObject({ t: 103 });
    const masked = (await b.client.waitFor((f) => f.t === 101 && (f.events as Array<{ type: string; text?: string }>).some((e) => e.type === 'comment' && e.text === '**** it'))) as unknown;
    expect(masked).toBeTruthy();
    expect(await b.client.command({ type: 'comment', text: 'second', at: 3 })).toMatchObject({ t: 103 });
    expect(await a.client.command({ type: 'comment', text: 'third', at: 3 })).toMatchObject({ t: 104, code: 'rate-limited' });
    expect(await host.command({ type: 'comment-policy', perMinute: 0, words: [] })).toMatchObject({ t: 103 });
    expect(await a.client.command({ type: 'comment', text: 'free again', at: 3 })).toMatchObject({ t: 103 });
    await Promise.all([a.client.close(), b.client.close()]);
  });

  it('kick closes every socket of the subject with 4009 and refuses its token, also after a restart; analytics list the actions', async () => {
    const kicked = await viewer();
    const secondTab = await viewer(kicked.token);
    const other = await viewer();
    expect(await host.command({ type: 'kick', sub: kicked.sub })).toMatchObject({ t: 103 });
    for (const c of [kicked.client, secondTab.client]) expect(await c.closed).toEqual({ code: 4009, reason: 'you were removed from this room' });
    expect(await other.client.waitForEvent('kicked')).toMatchObject({ sub: kicked.sub });

    const rejoin = await RoomClient.connect(server.url, { token: kicked.token });
    expect(await rejoin.closed).toMatchObject({ code: 4009 });
    const hello = await RoomClient.connect(server.url);
    hello.send({ t: 1, token: kicked.token });
    expect(await hello.closed).toMatchObject({ code: 4009 });
    const http = await fetch(`${server.url}/api/rooms/${room.id}/commands`, { method: 'POST', headers: { Authorization: `Bearer ${kicked.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ cmd: { type: 'comment', text: 'hi', at: 1 } }) });
    expect(http.status).toBe(403);
    await other.client.close();
    await host.close();

    await server.stop();
    server = await start();
    const afterRestart = await RoomClient.connect(server.url, { token: kicked.token });
    expect(await afterRestart.closed).toMatchObject({ code: 4009 });
    host = await RoomClient.connect(server.url, { token: room.hostToken });
    await host.welcome();
    // A new identity from the same page is a new subject: it joins (anonymous viewers are their tokens).
    const fresh = await viewer();
    await fresh.client.close();

    const ndjson = await fetch(`${server.url}/api/rooms/${room.id}/analytics?format=ndjson`, { headers: { Authorization: `Bearer ${room.hostToken}` } });
    expect(ndjson.status).toBe(200);
    const actions = (await ndjson.text()).trim().split('\n').map((l) => JSON.parse(l) as { type: string; action?: string }).filter((l) => l.type === 'moderation').map((l) => l.action);
    expect(actions).toEqual(['mute', 'unmute', 'remove-comment', 'comment-policy', 'comment-policy', 'kick']);
    // The operator key is new after the restart; the host token still reads its room.
    const json = (await api(server.url, 'GET', `/api/rooms/${room.id}/analytics`, { key: room.hostToken })).body as { moderation: unknown[]; problems: string[] };
    expect(json.moderation).toHaveLength(6);
    expect(json.problems).toEqual([]);
  }, 60_000);
});
