import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom, createRoom, postStory, viewerToken } from './support/rooms-api.ts';
import { RoomClient } from './support/room-client.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const LIMIT = 1000;
const CLAIMS = 10_000;

const story = {
  format: 'branchcast/story@1', id: 'sale', title: 'Sale', start: 'a',
  nodes: {
    a: {
      media: { src: 'sale/a.mpd', duration: 600 },
      hotspots: [{ id: 'lipstick', kind: 'coupon', from: 0, to: 590, region: { x: 0.1, y: 0.1, w: 0.2, h: 0.2 }, campaign: 'spring-red', limit: LIMIT }],
      next: 'b',
    },
    b: { media: { src: 'sale/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

let server: ServerProcess;
let data: TempDir;

beforeAll(async () => {
  data = await makeTempDir('branchcast-coupons-');
  server = await startServerProcess({ args: ['--data', data.path] });
});
afterAll(async () => {
  await server?.stop();
  await data?.remove();
});

/** Runs `tasks` with at most `width` in flight. */
async function pool<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) {
      const i = next++;
      out[i] = await task(i);
    }
  }));
  return out;
}

async function claim(token: string, room: string, id: string): Promise<{ status: number; body: { data?: { code: string }; error?: { code: string } } }> {
  const res = await fetch(`${server.url}/api/rooms/${room}/commands`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ id, cmd: { type: 'claim', hotspot: 'lipstick' } }),
  });
  return { status: res.status, body: (await res.json()) as { data?: { code: string }; error?: { code: string } } };
}

describe('coupons', () => {
  it(`${CLAIMS} concurrent claims against a limit of ${LIMIT}: exactly ${LIMIT} unique codes; retries get their own code back`, async () => {
    const key = adminKeyFrom(server.output());
    await postStory(server.url, key, story);
    const room = await createRoom(server.url, key, 'sale');
    const tokens = await pool(CLAIMS, 64, async () => (await viewerToken(server.url, room.id)).token);
    const results = await pool(CLAIMS, 256, (i) => claim(tokens[i]!, room.id, 'first'));
    const winners = results.map((r, i) => ({ r, i })).filter(({ r }) => r.status === 200);
    expect(winners).toHaveLength(LIMIT);
    const codes = winners.map(({ r }) => r.body.data!.code);
    expect(new Set(codes).size).toBe(LIMIT);
    expect(results.filter((r) => r.status === 409 && r.body.error?.code === 'bad-state')).toHaveLength(CLAIMS - LIMIT);

    // Retries with a new command id still get the same code: one code per viewer per campaign.
    const sample = winners.slice(0, 100);
    const again = await pool(sample.length, 32, (k) => claim(tokens[sample[k]!.i]!, room.id, 'retry'));
    expect(again.map((r) => r.body.data?.code)).toEqual(sample.map(({ r }) => r.body.data!.code));

    // Over the WebSocket too, the code arrives in ACK.data.
    const ws = await RoomClient.connect(server.url, { token: tokens[winners[0]!.i]! });
    await ws.welcome();
    expect(await ws.command({ type: 'claim', hotspot: 'lipstick' })).toMatchObject({ t: 103, data: { code: codes[0], campaign: 'spring-red' } });
    await ws.close();
  }, 120_000);

  it('codes survive a restart', async () => {
    const key = adminKeyFrom(server.output());
    const room = await createRoom(server.url, key, 'sale');
    const { token } = await viewerToken(server.url, room.id);
    const first = await claim(token, room.id, 'x');
    expect(first.status === 200 || first.status === 409).toBe(true); // the campaign may be sold out from the race above
    await server.stop();
    server = await startServerProcess({ args: ['--data', data.path] });
    const after = await claim(token, room.id, 'y');
    expect(after.status).toBe(first.status);
    if (first.status === 200) expect(after.body.data?.code).toBe(first.body.data?.code);
  }, 60_000);
});
