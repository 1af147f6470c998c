import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom, api, createRoom, postStory, viewerToken } from './support/rooms-api.ts';
import { RoomClient } from './support/room-client.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const story = {
  format: 'branchcast/story@1',
  id: 'long',
  title: 'Long',
  start: 'a',
  nodes: {
    a: { media: { src: 'long/a.mpd', duration: 3600 }, next: 'b' },
    b: { media: { src: 'long/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

let server: ServerProcess;
let data: TempDir;
let key: string;

beforeAll(async () => {
  data = await makeTempDir('branchcast-resume-');
  // A small resume window so the snapshot fallback is reachable.
  server = await startServerProcess({ args: ['--data', data.path], env: { ROOM_RESUME_WINDOW: '100', COMMANDS_PER_SECOND: '1000' } });
  key = adminKeyFrom(server.output());
  await postStory(server.url, key, story);
});
afterAll(async () => {
  await server?.stop();
  await data?.remove();
});

describe('resume', () => {
  it('a client that missed 50 events gets exactly those 50 on reconnect', async () => {
    const room = await createRoom(server.url, key, 'long');
    const host = await RoomClient.connect(server.url, { token: room.hostToken });
    await host.welcome();
    const { token } = await viewerToken(server.url, room.id);
    const viewer = await RoomClient.connect(server.url, { token });
    const welcome = await viewer.welcome();
    const since = welcome.version as number;
    viewer.terminate(); // dropped, not a polite close

    for (let i = 0; i < 50; i++) {
      const reply = await host.command(i % 5 === 0 ? { type: i % 10 === 0 ? 'play' : 'pause' } : { type: 'seek', position: i });
      expect(reply.t).toBe(103);
    }
    const current = (await api(server.url, 'GET', `/api/rooms/${room.id}`, { key })).body as { version: number };
    expect(current.version).toBe(since + 50);

    const back = await RoomClient.connect(server.url, { token, since });
    const resumed = await back.welcome();
    expect(resumed.resume).toBe('events');
    const events = resumed.events as Array<{ version: number }>;
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: 50 }, (_, i) => since + 1 + i));
    expect(host.events().slice(-50)).toEqual(events);
    await back.close();
    await host.close();
  });

  it('a client too far behind gets a snapshot whose hash equals the server state hash', async () => {
    const room = await createRoom(server.url, key, 'long');
    const host = await RoomClient.connect(server.url, { token: room.hostToken });
    await host.welcome();
    for (let i = 0; i < 150; i++) await host.command({ type: 'seek', position: i });
    const { token } = await viewerToken(server.url, room.id);
    const back = await RoomClient.connect(server.url, { token, since: 1 });
    const resumed = await back.welcome();
    expect(resumed.resume).toBe('snapshot');
    const server_ = (await api(server.url, 'GET', `/api/rooms/${room.id}`, { key })).body as { hash: string; version: number };
    expect(resumed.snapshot).toMatchObject({ version: 150, hash: server_.hash });
    expect(server_.hash).toMatch(/^[0-9a-f]{64}$/);
    await back.close();
    await host.close();
  });
});
