import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom, api, createRoom, postStory, viewerToken } from './support/rooms-api.ts';
import { RoomClient } from './support/room-client.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

/** A short story so the whole decision runs on the real clock in a few seconds. */
const quick = {
  format: 'branchcast/story@1',
  id: 'quick',
  title: 'Quick vote',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'quick/a.mpd', duration: 3 },
      choice: { opens: 0.5, closes: 1.8, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'c' }] },
    },
    b: { media: { src: 'quick/b.mpd', duration: 1 }, ending: { title: 'B' } },
    c: { media: { src: 'quick/c.mpd', duration: 1 }, ending: { title: 'C' } },
  },
};

let server: ServerProcess;
let data: TempDir;
let key: string;

beforeAll(async () => {
  data = await makeTempDir('branchcast-rooms-');
  server = await startServerProcess({ args: ['--data', data.path] });
  key = adminKeyFrom(server.output());
  await postStory(server.url, key, quick);
});
afterAll(async () => {
  await server?.stop();
  await data?.remove();
});

describe('a whole decision on the real clock', () => {
  it('three viewers and a host: same timeline version, live tally, winner announced ahead, switch at that instant', async () => {
    const room = await createRoom(server.url, key, 'quick');
    const host = await RoomClient.connect(server.url, { token: room.hostToken });
    const viewers = await Promise.all([0, 1, 2].map(async () => RoomClient.connect(server.url, { token: (await viewerToken(server.url, room.id)).token })));
    const everyone = [host, ...viewers];
    for (const c of everyone) expect((await c.welcome()).snapshot).toMatchObject({ node: 'a', phase: 'playing', version: 0 });

    expect(await host.command({ type: 'play' })).toMatchObject({ t: 103, version: 1 });
    const timelines = await Promise.all(everyone.map((c) => c.waitForEvent('timeline')));
    expect(new Set(timelines.map((e) => e.version))).toEqual(new Set([1]));
    const timeline = timelines[0]!.timeline as { serverAnchor: number; mediaAnchor: number };

    const opened = await Promise.all(everyone.map((c) => c.waitForEvent('choice-open')));
    expect(opened.every((e) => e.version === 2)).toBe(true);

    // y wins 2:1, and viewer 0 changes its mind twice but counts once.
    expect(await viewers[0]!.command({ type: 'vote', option: 'x' })).toMatchObject({ t: 103 });
    expect(await viewers[0]!.command({ type: 'vote', option: 'y' })).toMatchObject({ t: 103 });
    await viewers[1]!.command({ type: 'vote', option: 'y' });
    await viewers[2]!.command({ type: 'vote', option: 'x' });
    const tally = await host.waitFor((f) => f.t === 105 && f.total === 3);
    expect(tally.counts).toEqual({ x: 1, y: 2 });

    const switches = await Promise.all(everyone.map((c) => c.waitForEvent('switch')));
    const announcedAt = Date.now();
    for (const s of switches) expect(s).toMatchObject({ version: 3, option: 'y', to: 'c', atMedia: 3, counts: { x: 1, y: 2 } });
    const switchAt = timeline.serverAnchor + (3 - timeline.mediaAnchor) * 1000;
    expect(switchAt).toBeGreaterThan(announcedAt); // announced before it happens

    const nodes = await Promise.all(everyone.map((c) => c.waitForEvent('node')));
    for (const n of nodes) expect(n).toMatchObject({ version: 4, node: 'c', from: 'a', option: 'y', timeline: { node: 'c', mediaAnchor: 0, serverAnchor: switchAt } });
    expect(Date.now()).toBeGreaterThanOrEqual(switchAt);
    const ended = await host.waitForEvent('ended');
    expect(ended).toMatchObject({ version: 5, node: 'c', title: 'C' });

    const snapshot = await api(server.url, 'GET', `/api/rooms/${room.id}`, { key });
    expect(snapshot.body).toMatchObject({ node: 'c', ended: true, version: 5 });
    await Promise.all(everyone.map((c) => c.close()));
  });
});
