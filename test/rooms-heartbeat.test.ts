import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom, createRoom, postStory, viewerToken } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const story = {
  format: 'branchcast/story@1', id: 'hb', title: 'Heartbeat', start: 'a',
  nodes: { a: { media: { src: 'hb/a.mpd', duration: 60 }, next: 'b' }, b: { media: { src: 'hb/b.mpd', duration: 1 }, ending: { title: 'B' } } },
};

let server: ServerProcess;
let data: TempDir;

beforeAll(async () => {
  data = await makeTempDir('branchcast-heartbeat-');
  server = await startServerProcess({ args: ['--data', data.path], env: { WS_IDLE_TIMEOUT_SECONDS: '8' } });
});
afterAll(async () => {
  await server?.stop();
  await data?.remove();
});

describe('heartbeat', () => {
  it('a client that stops answering pings is closed by the idle timeout and counted', async () => {
    const key = adminKeyFrom(server.output());
    await postStory(server.url, key, story);
    const room = await createRoom(server.url, key, 'hb');
    const { token } = await viewerToken(server.url, room.id);
    const url = `${server.url.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`;
    // A healthy client answers pings (ws does so by default) and stays; a dead one does not.
    const healthy = new WebSocket(url);
    const dead = new WebSocket(url, { autoPong: false });
    await Promise.all([healthy, dead].map((ws) => new Promise((resolve) => ws.once('open', resolve))));
    const started = Date.now();
    const code = await new Promise<number>((resolve) => dead.once('close', (c) => resolve(c)));
    const after = Date.now() - started;
    expect(after).toBeGreaterThan(6000);
    expect(after).toBeLessThan(20_000);
    expect(code).not.toBe(1000);
    expect(healthy.readyState).toBe(WebSocket.OPEN);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(Number(/branchcast_heartbeat_timeouts_total (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    healthy.close();
  }, 30_000);
});
