/**
 * Issue 13's regression: one viewer's frame once stopped a node (a map whose
 * `t` was a 64-bit integer or an ext value). Here every msgpack type goes in
 * every field position of every client message, as host and as viewer, over
 * a real socket; the server answers each with a typed frame and stays up, and
 * valid commands written with 64-bit integers get their normal answers.
 * Then faults are injected into the socket's handler paths: the client that
 * hit one gets `internal` or 1011, the error is counted, everyone else carries on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { resolveServerConfig } from '../server/config.ts';
import type { ContainedErrorReport } from '../server/health/contained-errors.ts';
import { registerHealthz } from '../server/health/healthz-route.ts';
import { registerMetricsRoute } from '../server/metrics/metrics-route.ts';
import type { LiveRoom } from '../server/rooms/live-room.ts';
import { createServer, type BranchcastServer } from '../server/server.ts';
import type { RouteRegistrar } from '../server/server-context.ts';
import { registerRoomSocket } from '../server/ws/room-socket.ts';
import { fields, i64, map, MSGPACK_SAMPLES, str, u64 } from './support/msgpack-samples.ts';
import { adminKeyFrom, createRoom, postStory, viewerToken, type CreatedRoom } from './support/rooms-api.ts';
import { RoomClient, type Frame } from './support/room-client.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const story = {
  format: 'branchcast/story@1',
  id: 'contain',
  title: 'Containment',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'contain/a.mpd', duration: 600 },
      choice: { opens: 0, closes: 590, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] },
      quizzes: [{ id: 'q', prompt: 'Q?', options: ['A', 'B'], answer: 0, opens: 0, closes: 500 }],
    },
    b: { media: { src: 'contain/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

/** Every client message, each field valid; the test swaps one field at a time for each sample. */
const MESSAGES: Array<{ name: string; fields: Record<string, number[]> }> = [
  { name: 'HELLO', fields: { t: [1], token: str('tok'), since: [0] } },
  { name: 'TIME', fields: { t: [2], c0: [0x01] } },
  ...[
    { type: 'play' }, { type: 'pause' }, { type: 'seek', position: [5] }, { type: 'vote', option: str('x') }, { type: 'choose', option: str('x') },
    { type: 'answer', quiz: str('q'), option: [0] }, { type: 'push-quiz', quiz: fields({ id: str('p'), prompt: str('P?'), options: [0x92, ...str('A'), ...str('B')] }) },
    { type: 'close-quiz', quiz: str('p') }, { type: 'hotspot', hotspot: str('h'), action: str('click') }, { type: 'claim', hotspot: str('h') },
    { type: 'comment', text: str('hi'), at: [1] },
  ].map(({ type, ...rest }, i) => ({
    name: `COMMAND ${type}`,
    fields: { t: [3], id: str(`c${i}`), cmd: fields({ type: str(type), ...(rest as Record<string, number[]>) }) },
  })),
];

/** Every (message, field, sample) frame, plus each sample as a whole frame and in `cmd`'s own fields. */
function everyFrame(): Uint8Array[] {
  const frames: number[][] = [];
  for (const message of MESSAGES) {
    for (const field of Object.keys(message.fields)) {
      for (const sample of Object.values(MSGPACK_SAMPLES)) frames.push(fields({ ...message.fields, [field]: sample }));
    }
  }
  for (const sample of Object.values(MSGPACK_SAMPLES)) {
    frames.push(sample);
    frames.push(fields({ t: [3], id: str('z'), cmd: fields({ type: sample }) }));
    frames.push(fields({ t: [3], id: str('z'), cmd: fields({ type: str('answer'), quiz: str('q'), option: sample }) }));
  }
  return frames.map((bytes) => Uint8Array.from(bytes));
}

let server: ServerProcess;
let data: TempDir;
let room: CreatedRoom;

beforeAll(async () => {
  data = await makeTempDir('branchcast-contain-');
  server = await startServerProcess({ args: ['--data', data.path] });
  const key = adminKeyFrom(server.output());
  await postStory(server.url, key, story);
  room = await createRoom(server.url, key, 'contain');
});
afterAll(async () => {
  await server?.stop();
  await data?.remove();
});

const replies = (client: RoomClient): Frame[] => client.frames.filter((f) => f.t === 102 || f.t === 103 || f.t === 104);

/** Sends frames on one connection at a time, under the rate and invalid-frame limits; returns every reply. */
async function sendAll(token: string, frames: Uint8Array[]): Promise<Frame[]> {
  const all: Frame[] = [];
  // 30 frames per connection stays under both the command burst (40) and the invalid-frame limit (50).
  for (let start = 0; start < frames.length; start += 30) {
    const client = await RoomClient.connect(server.url, { token });
    await client.welcome();
    const batch = frames.slice(start, start + 30);
    for (const frame of batch) client.ws.send(frame);
    await client.waitFor(() => replies(client).length >= batch.length, 10_000).catch(() => undefined);
    const got = replies(client);
    expect(got.length, `answers to frames ${start}..${start + batch.length - 1}`).toBe(batch.length);
    all.push(...got);
    await client.close();
  }
  return all;
}

describe('client frames of every msgpack type in every field position', () => {
  it('get a typed answer each, as viewer and as host, and the node stays up', async () => {
    const frames = everyFrame();
    expect(frames.length).toBeGreaterThan(1000);
    const viewer = (await viewerToken(server.url, room.id)).token;
    // Half as viewer, half as host: enough to cover both roles without a ten-minute test.
    const asViewer = await sendAll(viewer, frames.filter((_, i) => i % 2 === 0));
    const asHost = await sendAll(room.hostToken, frames.filter((_, i) => i % 2 === 1));
    for (const reply of [...asViewer, ...asHost]) {
      if (reply.t === 104) expect(['invalid', 'not-allowed', 'bad-state', 'rate-limited']).toContain(reply.code);
    }
    expect(asViewer.some((f) => f.t === 104 && f.code === 'invalid')).toBe(true);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const fresh = await RoomClient.connect(server.url, { token: (await viewerToken(server.url, room.id)).token });
    expect((await fresh.welcome()).t).toBe(100);
    await fresh.close();
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).not.toMatch(/^branchcast_contained_errors_total\{[^}]*\} [1-9]/m);
  }, 120_000);

  it('the old killer frames answer `invalid`, and commands written with 64-bit integers get their normal answers', async () => {
    const host = await RoomClient.connect(server.url, { token: room.hostToken });
    await host.welcome();
    for (const t of [i64(99), u64(2 ** 60), [0xd4, 5, 1], [0xd6, 0xff, 0, 0, 0, 1], [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]]) {
      host.ws.send(Uint8Array.from(map([[str('t'), t]])));
      expect(await host.waitFor((f) => f.t === 104, 5000, host.frames.length)).toMatchObject({ code: 'invalid' });
    }
    // TIME with every integer written as uint64, as a Go or Rust client might: the same reply as the narrow form.
    host.ws.send(Uint8Array.from(fields({ t: u64(2), c0: u64(12345) })));
    expect(await host.waitFor((f) => f.t === 102, 5000)).toMatchObject({ c0: 12345 });
    // A seek, `t` and position as int64: acknowledged and applied like the narrow form.
    const wideSeek = host.waitFor((f) => (f.t === 103 || f.t === 104) && f.id === 'wide-seek', 5000);
    host.ws.send(Uint8Array.from(fields({ t: i64(3), id: str('wide-seek'), cmd: fields({ type: str('seek'), position: i64(42) }) })));
    expect(await wideSeek).toMatchObject({ t: 103 });
    const seeked = await host.waitFor((f) => f.t === 101 && (f.events as Array<{ type: string; timeline?: { mediaAnchor: number } }>).some((e) => e.type === 'timeline' && e.timeline?.mediaAnchor === 42), 5000);
    expect(seeked).toBeDefined();
    // A vote from a viewer with `t` as uint64: acknowledged.
    const viewer = await RoomClient.connect(server.url, { token: (await viewerToken(server.url, room.id)).token });
    await viewer.welcome();
    const vote = viewer.waitFor((f) => (f.t === 103 || f.t === 104) && f.id === 'wide-vote', 5000);
    viewer.ws.send(Uint8Array.from(fields({ t: u64(3), id: str('wide-vote'), cmd: fields({ type: str('vote'), option: str('y') }) })));
    expect(await vote).toMatchObject({ t: 103 });
    await viewer.close();
    await host.close();
  });
});

describe('a fault injected into a socket handler path', () => {
  let dir: TempDir;
  let faulty: BranchcastServer;
  let base: string;
  const contained: ContainedErrorReport[] = [];

  // The room socket with dependencies that fail on purpose: a throwing token check (inside the
  // async join), a room lookup that rejects, and a metrics hook that throws on 7-byte frames.
  const bugs: RouteRegistrar = (app, ctx) => {
    const socket = registerRoomSocket(app, ctx, {
      rooms: { get: () => undefined, room: () => Promise.resolve(undefined), open: (id) => (id === 'reject' ? Promise.reject(new Error('injected: open rejects')) : Promise.resolve(undefined as LiveRoom | undefined)) },
      verify: (token) => {
        if (token === 'throw') throw new Error('injected: verify throws');
        return { ok: true, claims: { room: token, role: 'viewer', sub: 'v', exp: 0 } };
      },
      hooks: {
        messageIn: (bytes) => {
          if (bytes === 7) throw new Error('injected: a hook throws in the message handler');
        },
      },
    });
    // A bare behaviour with no containment of its own: only guardedApp stands behind it.
    app.ws('/bare', {
      message: () => {
        throw new Error('injected: a bare message handler throws');
      },
    });
    return { close: () => Promise.resolve(socket.close()) };
  };

  beforeAll(async () => {
    dir = await makeTempDir('branchcast-faults-');
    faulty = createServer(resolveServerConfig({ port: '0' }, {}, dir.path), {
      routes: [registerHealthz, registerMetricsRoute, bugs],
      log: () => undefined,
      onContained: (report) => contained.push(report),
    });
    base = (await faulty.listen()).url;
  });
  afterAll(async () => {
    await faulty?.close();
    await dir?.remove();
  });

  const closeOf = (url: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.on('close', (code) => resolve(code));
      ws.on('error', reject);
      ws.on('open', () => ws.send(Uint8Array.from([0x81, 0xa1, 0x74, 0x02])));
    });

  it('answers that one client, counts the error, and the node and other clients carry on', async () => {
    const ws = base.replace(/^http/, 'ws');
    const bystander = await RoomClient.connect(base);
    const time = (): Promise<Frame> => {
      const reply = bystander.waitFor((f) => f.t === 102, 5000, bystander.frames.length);
      bystander.send({ t: 2, c0: 1 });
      return reply;
    };
    await time();

    // The hook throws for this 7-byte frame: a typed `internal` error, and the socket stays usable.
    const victim = await RoomClient.connect(base);
    const seven = Uint8Array.from(fields({ t: [2], c: [1] }));
    expect(seven.byteLength).toBe(7);
    victim.ws.send(seven);
    const internal = await victim.waitFor((f) => f.t === 104, 5000);
    expect(internal).toMatchObject({ code: 'internal' });

    expect(await closeOf(`${ws}/ws?token=throw`)).toBe(1011);
    expect(await closeOf(`${ws}/ws?token=reject`)).toBe(1001);
    expect(await closeOf(`${ws}/bare`)).toBe(1011);

    await time();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^branchcast_contained_errors_total\{boundary="ws-message"\} [2-9]/m);
    expect(metrics).toMatch(/^branchcast_contained_errors_total\{boundary="ws-join"\} 1$/m);
    expect(contained.map((r) => r.boundary).sort()).toEqual(['ws-join', 'ws-message', 'ws-message']);
    expect(contained.find((r) => r.boundary === 'ws-join')).toMatchObject({ conn: expect.stringMatching(/^c-\d+$/) as string, error: expect.stringContaining('verify throws') as string });
    await victim.close();
    await bystander.close();
  });
});
