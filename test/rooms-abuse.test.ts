import { pack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSecret } from '../server/auth/load-or-create-secret.ts';
import { signToken } from '../server/auth/sign-token.ts';
import { lintExposition } from '../server/metrics/lint-exposition.ts';
import { adminKeyFrom, api, createRoom, postStory, viewerToken, type CreatedRoom } from './support/rooms-api.ts';
import { RoomClient } from './support/room-client.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const story = {
  format: 'branchcast/story@1',
  id: 'abuse',
  title: 'Abuse',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'abuse/a.mpd', duration: 600 },
      choice: { opens: 0, closes: 590, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] },
    },
    b: { media: { src: 'abuse/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

let server: ServerProcess;
let data: TempDir;
let key: string;
let room: CreatedRoom;

beforeAll(async () => {
  data = await makeTempDir('branchcast-abuse-');
  server = await startServerProcess({ args: ['--data', data.path] });
  key = adminKeyFrom(server.output());
  await postStory(server.url, key, story);
  room = await createRoom(server.url, key, 'abuse');
  const host = await RoomClient.connect(server.url, { token: room.hostToken });
  await host.welcome();
  await host.command({ type: 'play' });
  await host.waitForEvent('choice-open');
  await host.close();
});
afterAll(async () => {
  await server?.stop();
  await data?.remove();
});

async function viewer(): Promise<RoomClient> {
  const client = await RoomClient.connect(server.url, { token: (await viewerToken(server.url, room.id)).token });
  await client.welcome();
  return client;
}

async function serverAlive(): Promise<void> {
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
}

describe('abuse', () => {
  it('a vote changed twice counts once', async () => {
    const v = await viewer();
    for (const option of ['x', 'y', 'x']) expect(await v.command({ type: 'vote', option })).toMatchObject({ t: 103 });
    const snap = (await api(server.url, 'GET', `/api/rooms/${room.id}`, { key })).body as { choice: { counts: Record<string, number> } };
    expect(snap.choice.counts.x! + snap.choice.counts.y!).toBe(1);
    expect(snap.choice.counts.x).toBe(1);
    await v.close();
  });

  it('the live tally goes out at most 10 times a second, however fast votes come', async () => {
    const watcher = await viewer();
    const voters = await Promise.all(Array.from({ length: 10 }, () => viewer()));
    const from = watcher.frames.length;
    const started = Date.now();
    await Promise.all(voters.map(async (v, i) => {
      for (let k = 0; k < 12; k++) await v.command({ type: 'vote', option: (i + k) % 2 ? 'x' : 'y' });
    }));
    await new Promise((r) => setTimeout(r, 250)); // let the last tally out
    const elapsed = Date.now() - started;
    const tallies = watcher.frames.slice(from).filter((f) => f.t === 105);
    expect(tallies.length).toBeGreaterThan(0);
    expect(tallies.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    // The last tally is exact: it equals the room's own counts once the burst is over.
    const snap = (await api(server.url, 'GET', `/api/rooms/${room.id}`, { key })).body as { choice: { counts: Record<string, number> } };
    expect(tallies.at(-1)!.counts).toEqual(snap.choice.counts);
    await Promise.all([watcher, ...voters].map((c) => c.close()));
  });

  it('a viewer cannot play, pause, seek or force a choice', async () => {
    const v = await viewer();
    for (const cmd of [{ type: 'play' }, { type: 'pause' }, { type: 'seek', position: 1 }, { type: 'choose', option: 'x' }]) {
      expect(await v.command(cmd)).toMatchObject({ t: 104, code: 'not-allowed' });
    }
    expect(await v.command({ type: 'vote', option: 'nope' })).toMatchObject({ t: 104, code: 'invalid' });
    await v.close();
  });

  it('a retried command id is answered once and not re-applied', async () => {
    const v = await viewer();
    const first = await v.command({ type: 'vote', option: 'y' }, 'same-id');
    const again = await v.command({ type: 'vote', option: 'x' }, 'same-id');
    expect(again).toEqual(first);
    await v.close();
  });

  it('expired, forged and malformed tokens are rejected with clear close codes', async () => {
    const { secrets } = await loadOrCreateSecret(data.path);
    const now = Math.floor(Date.now() / 1000);
    const expired = signToken(secrets, { room: room.id, role: 'viewer', sub: 'old', exp: now - 10 });
    const forged = signToken('x'.repeat(43), { room: room.id, role: 'host', sub: 'mallory', exp: now + 3600 });
    const cases: Array<[string, number]> = [[expired, 4002], [forged, 4003], ['not-a-token', 4001]];
    for (const [token, code] of cases) {
      const c = await RoomClient.connect(server.url, { token });
      expect((await c.closed).code).toBe(code);
    }
    const wrongRoom = signToken(secrets, { room: 'nosuchroom', role: 'viewer', sub: 'v', exp: now + 60 });
    expect((await (await RoomClient.connect(server.url, { token: wrongRoom })).closed).code).toBe(4004);
    // The HTTP API rejects them too.
    const r = await fetch(`${server.url}/api/rooms/${room.id}/commands`, { method: 'POST', headers: { Authorization: `Bearer ${forged}` }, body: JSON.stringify({ cmd: { type: 'play' } }) });
    expect(r.status).toBe(401);
    expect((await api(server.url, 'POST', '/api/rooms', { key: 'wrong', body: { story: 'abuse' } })).status).toBe(401);
  });

  it('garbage frames get a typed error and the server survives', async () => {
    const v = await viewer();
    const garbage: Array<Buffer | string> = [Buffer.from([0xc1]), Buffer.from([0xff, 0x00, 0x13]), pack([1, 2, 3]), pack({ t: 99 }), pack({ t: 3, id: 'g', cmd: { type: 'vote' } }), pack({ t: 3 }), 'text frame'];
    for (const frame of garbage) {
      const before = v.frames.length;
      v.ws.send(frame);
      expect(await v.waitFor((f) => f.t === 104, 5000, before)).toMatchObject({ code: 'invalid' });
    }
    expect(await v.command({ type: 'vote', option: 'x' })).toMatchObject({ t: 103 });
    await v.close();
    await serverAlive();
  });

  it('too many invalid frames close the connection with 4008', async () => {
    const v = await viewer();
    for (let i = 0; i < 60; i++) v.ws.send(Buffer.from([0xc1]));
    expect((await v.closed).code).toBe(4008);
  });

  it('a 1 MB frame is refused', async () => {
    const v = await viewer();
    v.send({ t: 3, id: 'big', cmd: { type: 'vote', option: 'x'.repeat(1024 * 1024) } });
    expect((await v.closed).code).toBe(1009);
    const w = await viewer();
    w.ws.send(Buffer.alloc(5 * 1024 * 1024, 0x61));
    expect((await w.closed).code).toBe(1006); // over the hard limit: cut off without reading it
    await serverAlive();
  });

  it('a connection without a token must say HELLO in time', async () => {
    const c = await RoomClient.connect(server.url);
    const t0 = Date.now();
    expect((await c.closed).code).toBe(4006);
    expect(Date.now() - t0).toBeGreaterThan(3000);
  });

  it('HELLO with a token in the first frame joins', async () => {
    const c = await RoomClient.connect(server.url);
    c.send({ t: 1, token: (await viewerToken(server.url, room.id)).token });
    expect(await c.welcome()).toMatchObject({ room: room.id, role: 'viewer', resume: 'snapshot' });
    await c.close();
  });

  it('commands over the rate limit get rate-limited', async () => {
    const v = await viewer();
    const replies = await Promise.all(Array.from({ length: 80 }, (_, i) => v.command({ type: 'vote', option: i % 2 ? 'x' : 'y' }, `burst-${i}`)));
    expect(replies.filter((r) => r.code === 'rate-limited').length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.t === 103).length).toBeGreaterThanOrEqual(40);
    await v.close();
  });

  it('hostile HTTP input gets clear errors', async () => {
    expect((await api(server.url, 'POST', '/api/stories', { key, body: '{"format": ' })).body).toMatchObject({ error: { code: 'invalid-story', diagnostics: [{ code: 'parse' }] } });
    expect((await api(server.url, 'POST', '/api/rooms', { key, body: 'nope' })).status).toBe(400);
    expect((await api(server.url, 'POST', '/api/rooms', { key, body: { story: 'missing' } })).status).toBe(404);
    const token = (await viewerToken(server.url, room.id)).token;
    const bad = await fetch(`${server.url}/api/rooms/${room.id}/commands`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{"cmd": {"type": "explode"}}' });
    expect(bad.status).toBe(400);
    const huge = await fetch(`${server.url}/api/stories`, { method: 'POST', headers: { Authorization: `Bearer ${key}` }, body: 'x'.repeat(17 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    await serverAlive();
  });

  it('HTTP commands work like WebSocket commands, JSON or msgpack', async () => {
    const token = (await viewerToken(server.url, room.id)).token;
    const json = await fetch(`${server.url}/api/rooms/${room.id}/commands`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'h1', cmd: { type: 'vote', option: 'y' } }) });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ ok: true, id: 'h1' });
    const mp = await fetch(`${server.url}/api/rooms/${room.id}/commands`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/msgpack' }, body: new Uint8Array(pack({ id: 'h2', cmd: { type: 'play' } })) });
    expect(mp.status).toBe(403);
    expect(await mp.json()).toMatchObject({ error: { code: 'not-allowed' } });
    // The body goes through the socket's strict decoder: an ext value (a timestamp here), a trailing
    // byte and a msgpackr-only extension (0xd4 0x72: a record definition) are each a typed 400.
    const hostile = [
      Uint8Array.from([0x82, 0xa2, 0x69, 0x64, 0xa2, 0x68, 0x33, 0xa3, 0x63, 0x6d, 0x64, 0xd6, 0xff, 0, 0, 0, 1]),
      Uint8Array.from([...pack({ id: 'h4', cmd: { type: 'vote', option: 'y' } }), 0xc0]),
      Uint8Array.from([0xd4, 0x72, 0x00]),
    ];
    for (const body of hostile) {
      const res = await fetch(`${server.url}/api/rooms/${room.id}/commands`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/msgpack' }, body });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid' } });
    }
  });

  it('GET /metrics reports connections, rooms, messages, command and fsync latency, drops and timeouts', async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(lintExposition(text)).toEqual([]);
    for (const name of ['branchcast_connections', 'branchcast_rooms 1', 'branchcast_ws_messages_total{direction="in"}', 'branchcast_ws_bytes_total{direction="out"}',
      'branchcast_command_duration_seconds_bucket', 'branchcast_log_fsync_duration_seconds_count', 'branchcast_slow_consumers_dropped_total', 'branchcast_heartbeat_timeouts_total']) {
      expect(text).toContain(name);
    }
    const fsyncs = Number(/branchcast_log_fsync_duration_seconds_count (\d+)/.exec(text)?.[1]);
    expect(fsyncs).toBeGreaterThan(0);
  });
});
