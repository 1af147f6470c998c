import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { adminKeyFrom, createRoom, postStory, viewerToken } from './support/rooms-api.ts';
import { RoomClient } from './support/room-client.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const story = {
  format: 'branchcast/story@1', id: 'slow', title: 'Slow', start: 'a',
  nodes: { a: { media: { src: 'slow/a.mpd', duration: 600 }, next: 'b' }, b: { media: { src: 'slow/b.mpd', duration: 1 }, ending: { title: 'B' } } },
};

let server: ServerProcess;
let data: TempDir;

beforeAll(async () => {
  data = await makeTempDir('branchcast-slow-');
  server = await startServerProcess({ args: ['--data', data.path], env: { WS_MAX_BACKPRESSURE_BYTES: '65536', COMMANDS_PER_SECOND: '2000' } });
});
afterAll(async () => {
  await server?.stop();
  await data?.remove();
});

describe('slow consumers', () => {
  it('a client that stops reading is closed with 4010 instead of growing server memory; others carry on', async () => {
    const key = adminKeyFrom(server.output());
    await postStory(server.url, key, story);
    const room = await createRoom(server.url, key, 'slow');
    const host = await RoomClient.connect(server.url, { token: room.hostToken });
    await host.welcome();
    // Comments make every seek carry a large COMMENTS frame to everyone.
    const talkers = await Promise.all(Array.from({ length: 20 }, async () => RoomClient.connect(server.url, { token: (await viewerToken(server.url, room.id)).token })));
    await Promise.all(talkers.map((t) => t.welcome()));
    await Promise.all(talkers.flatMap((t, i) => Array.from({ length: 5 }, (_, j) => t.command({ type: 'comment', text: `comment ${i}-${j} `.repeat(8), at: 10 }))));
    for (const t of talkers) t.terminate();

    const slow = await RoomClient.connect(server.url, { token: (await viewerToken(server.url, room.id)).token });
    await slow.welcome();
    (slow.ws as unknown as { _socket: Socket })._socket.pause(); // stop reading: the kernel buffers fill, then the server's

    let closed: number | undefined;
    void slow.closed.then((c) => (closed = c.code));
    for (let i = 0; i < 3000 && closed === undefined; i++) {
      await host.command({ type: 'seek', position: 10 + (i % 5) });
    }
    (slow.ws as unknown as { _socket: Socket })._socket.resume();
    // 4010 when the close frame gets through; with the pipe full it often cannot, and the client sees 1006.
    expect([4010, 1006]).toContain((await slow.closed).code);
    // The host, reading normally, is unaffected.
    expect(await host.command({ type: 'seek', position: 1 })).toMatchObject({ t: 103 });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(Number(/branchcast_slow_consumers_dropped_total (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    await host.close();
  }, 60_000);
});
