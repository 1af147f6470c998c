/**
 * Hostile and slow peers against a real server (child process, default
 * limits) on loopback: a viewer that never reads while the room broadcasts,
 * commands at 10× the rate limit, fragmented frames (many fragments, control
 * frames between them, broken fragment sequences), and frames over the two
 * size limits. Each case checks the documented ERROR or close code, that the
 * server's memory stays bounded, and that other clients carry on. Figures are
 * printed as `[hostile-peers] …` lines; docs/protocol.md ("Hostile peers")
 * reports them. One file over 300 lines on purpose: the cases share one
 * server process, and its memory readings (and allocator setting) with it.
 */
import { pack, unpack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SOCKET_LIMITS } from '../server/ws/socket-limits.ts';
import { machineSummary, mib, readMemory, rssOf, sampleRss } from './support/process-memory.ts';
import { OPCODE, RawWebSocket, type RawClose, type WireFrame } from './support/raw-ws.ts';
import { adminKeyFrom, createRoom, postStory, viewerToken, type CreatedRoom } from './support/rooms-api.ts';
import { RoomClient, type Frame } from './support/room-client.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';

const story = {
  format: 'branchcast/story@1',
  id: 'hostile',
  title: 'Hostile peers',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'hostile/a.mpd', duration: 600 },
      choice: { opens: 0, closes: 590, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] },
    },
    b: { media: { src: 'hostile/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

const LIMITS = DEFAULT_SOCKET_LIMITS;
let server: ServerProcess;
let room: CreatedRoom;
let host: RoomClient;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  // A fixed mmap threshold: glibc otherwise raises it to the size of the last large block freed
  // (the oversized-frame tests free 4 MiB buffers), after which 4 MiB buffers come from the heap
  // and their pages may stay with the process once freed. Then RSS could not tell a leak from
  // the allocator's keeping (a full run once held 84 MiB for 5 s after every socket had closed).
  server = await startServerProcess({ env: { MALLOC_MMAP_THRESHOLD_: String(128 * 1024) } });
  console.log(`[hostile-peers] machine: ${machineSummary()}`);
  const key = adminKeyFrom(server.output());
  await postStory(server.url, key, story);
  room = await createRoom(server.url, key, 'hostile');
  host = await RoomClient.connect(server.url, { token: room.hostToken });
  await host.welcome();
  expect(await host.command({ type: 'play' })).toMatchObject({ t: 103 });
  await host.waitForEvent('choice-open');
});
afterAll(async () => {
  await host?.close();
  await server?.stop();
});

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
}

async function viewer(): Promise<RoomClient> {
  const client = await RoomClient.connect(server.url, { token: (await viewerToken(server.url, room.id)).token });
  await client.welcome();
  return client;
}

async function rawViewer(): Promise<RawWebSocket> {
  const { token } = await viewerToken(server.url, room.id);
  const raw = await RawWebSocket.connect(server.port, `/ws?token=${encodeURIComponent(token)}`);
  // WELCOME, then the COMMENTS window: after that, only what the test provokes (and room broadcasts).
  await raw.waitFor((f) => f.opcode === OPCODE.BINARY && (unpack(f.payload) as Frame).t === 107);
  return raw;
}

const decoded = (f: WireFrame): Frame => unpack(f.payload) as Frame;

/** The server still serves HTTP and a fresh viewer still joins and gets answers. */
async function serverCarriesOn(): Promise<void> {
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  const fresh = await viewer();
  expect(await fresh.command({ type: 'vote', option: 'x' })).toMatchObject({ t: 103 });
  await fresh.close();
}

describe('a viewer that never reads', () => {
  /** How the never-reading viewer's connection ended; set by the first test. */
  let slowClose: RawClose | undefined;

  it('is dropped as a slow consumer while the room broadcasts; memory stays bounded; other viewers are unaffected', async () => {
    // 500 comments near position 10: every seek there sends each socket a COMMENTS frame of ~150 KB.
    const talkers = await Promise.all(Array.from({ length: 100 }, () => viewer()));
    await Promise.all(talkers.flatMap((t, i) => Array.from({ length: 5 }, (_, j) => t.command({ type: 'comment', text: `${i}-${j} `.padEnd(270, 'x'), at: 10 }))));
    await Promise.all(talkers.map((t) => t.close()));
    const voters = await Promise.all(Array.from({ length: 5 }, () => viewer()));
    const bystander = await viewer();

    const dropsBefore = await metric('branchcast_slow_consumers_dropped_total');
    const before = await readMemory(server.url, server.pid);
    const sampler = sampleRss(server.pid);
    const slow = await rawViewer();
    slow.pause(); // reads nothing more: the kernel buffers fill, then the server's send buffer

    const started = Date.now();
    let seeks = 0;
    let votes = 0;
    // Host seeks (EVENTS + COMMENTS to everyone) and voters vote (TALLY); bounded in count and time.
    while ((await metric('branchcast_slow_consumers_dropped_total')) === dropsBefore && seeks < 2000 && Date.now() - started < 30_000) {
      const [answer] = await Promise.all([host.command({ type: 'seek', position: 10 + (seeks % 5) }), ...voters.map((v) => v.command({ type: 'vote', option: (seeks + votes++) % 2 ? 'x' : 'y' }))]);
      if (answer.t === 103) seeks += 1;
      else await sleep(50); // the host's own rate limit: wait for tokens
    }
    const dropMs = Date.now() - started;
    const peakRss = sampler.stop();
    expect(await metric('branchcast_slow_consumers_dropped_total')).toBe(dropsBefore + 1);
    const during = await readMemory(server.url, server.pid);

    // Reading again now drains what the kernel held; a close frame would follow the data the server had queued.
    slow.resume();
    slowClose = await slow.closed;
    const bytesRead = slow.frames.reduce((n, f) => n + f.payload.length, 0);
    console.log(
      `[hostile-peers] slow reader: dropped after ${seeks} seeks in ${dropMs} ms (${mib(bytesRead)} MiB reached it before the end); close frame ${slowClose.code ?? 'none (a browser reports 1006)'}; ` +
        `RSS before ${mib(before.rssBytes)} MiB, peak ${mib(peakRss)}, after the drop ${mib(during.rssBytes)}; heap before ${mib(before.heapUsedBytes)} MiB, after ${mib(during.heapUsedBytes)}`,
    );
    expect([4010, undefined]).toContain(slowClose.code);
    // Bounded: the slow socket may hold maxBackpressure (1 MiB) plus a frame or two; the rest is transient.
    expect(peakRss - before.rssBytes).toBeLessThan(64 * 1024 * 1024);

    // The bystander read everything, up to the host's last seek, and still gets answers.
    const last = host.events().at(-1)!;
    await bystander.waitFor((f) => f.t === 101 && (f.events as Array<{ version: number }>).some((e) => e.version === last.version), 10_000);
    expect(await bystander.command({ type: 'vote', option: 'x' })).toMatchObject({ t: 103 });
    await Promise.all([bystander, ...voters].map((c) => c.close()));
    await serverCarriesOn();
  }, 60_000);

  /*
   * KNOWN BUG, kept visible: uWS refuses every send once a socket's buffer is over its
   * maxBackpressure, the close frame included, and room-socket.ts gives uWS the same
   * number as its own 4010 threshold, so a viewer that stopped reading never sees 4010
   * (only 1006). The fix (uWS's cap above the 4010 threshold, and a check right after
   * each room publish) is on branch slow-consumer-4010 of the hpeers clone; it touches
   * room-socket.ts, which the lead owns. Once it lands this test fails: make it `it`.
   */
  it.fails('gets the 4010 close frame (fails until the slow-consumer-4010 fix lands)', () => {
    expect(slowClose?.code).toBe(4010);
  });
});

describe('commands at 10× the rate limit', () => {
  it('get typed rate-limited errors, never count toward the invalid-frame limit, and leave other clients unaffected', async () => {
    const flooder = await viewer();
    const bystander = await viewer();
    const rate = 10 * 20; // COMMANDS_PER_SECOND defaults to 20 (burst 40)
    const ticks = 60; // 3 s of 50 ms ticks
    const perTick = (rate * 50) / 1000;
    const replies: Array<Promise<Frame>> = [];
    const latencies: number[] = [];
    const bystanderReplies: Array<Promise<void>> = [];
    const started = Date.now();
    for (let tick = 0; tick < ticks; tick++) {
      for (let k = 0; k < perTick; k++) replies.push(flooder.command({ type: 'vote', option: k % 2 ? 'x' : 'y' }, `flood-${tick}-${k}`, 20_000));
      // The bystander stays well under the limit: one vote every 100 ms.
      if (tick % 2 === 0) {
        const sent = Date.now();
        bystanderReplies.push(bystander.command({ type: 'vote', option: tick % 4 ? 'x' : 'y' }, `calm-${tick}`, 20_000).then((f) => {
          expect(f).toMatchObject({ t: 103 });
          latencies.push(Date.now() - sent);
        }));
      }
      await sleep(50);
    }
    const floodSeconds = (Date.now() - started) / 1000;
    const answers = await Promise.all(replies);
    await Promise.all(bystanderReplies);
    const accepted = answers.filter((f) => f.t === 103).length;
    const limited = answers.filter((f) => f.t === 104 && f.code === 'rate-limited').length;
    console.log(
      `[hostile-peers] rate: ${answers.length} commands in ${floodSeconds.toFixed(1)} s (${Math.round(answers.length / floodSeconds)}/s) → ${accepted} accepted, ${limited} rate-limited; ` +
        `bystander (10/s) all accepted, max latency ${Math.max(...latencies)} ms`,
    );
    expect(accepted + limited).toBe(answers.length); // nothing else: typed answers only
    expect(accepted).toBeGreaterThanOrEqual(40);
    expect(accepted).toBeLessThanOrEqual(40 + Math.ceil(20 * (floodSeconds + 1)));
    expect(limited).toBeGreaterThan(answers.length / 2);
    expect(Math.max(...latencies)).toBeLessThan(2000);

    // Hundreds of rate-limited frames did not count toward the 50 invalid frames: the socket is open,
    // and malformed frames are answered `invalid` (checked before the rate), even while the bucket is empty.
    const from = flooder.frames.length;
    for (let i = 0; i < 45; i++) flooder.send({ t: 3, id: `again-${i}`, cmd: { type: 'vote', option: 'x' } });
    flooder.send({ t: 3, id: 'bad-type', cmd: { type: 'explode' } });
    const badType = await flooder.waitFor((f) => f.t === 104 && f.id === 'bad-type', 5000, from);
    expect(badType).toMatchObject({ code: 'invalid' });
    await flooder.waitFor((f) => f.t === 104 && f.code === 'rate-limited' && typeof f.id === 'string' && f.id.startsWith('again-'), 5000, from);
    // That unknown type was invalid frame 1; 49 more still get ERROR invalid, the 51st gets none and closes with 4008.
    const invalidFrom = flooder.frames.length;
    for (let i = 0; i < 49; i++) flooder.ws.send(Buffer.from([0xc1]));
    await flooder.waitFor(() => flooder.frames.slice(invalidFrom).filter((f) => f.t === 104 && f.code === 'invalid').length === 49, 5000);
    const time = flooder.frames.length;
    flooder.send({ t: 2, c0: 7 });
    expect(await flooder.waitFor((f) => f.t === 102, 5000, time)).toMatchObject({ c0: 7 }); // still open
    const last = flooder.frames.length;
    flooder.ws.send(Buffer.from([0xc1]));
    expect((await flooder.closed).code).toBe(4008);
    expect(flooder.frames.slice(last)).toEqual([]);
    await bystander.close();
    await serverCarriesOn();
  }, 60_000);
});

describe('fragmented frames', () => {
  it('a message in thousands of fragments, with pings between fragments, is one message', async () => {
    const raw = await rawViewer();
    const from = raw.frames.length;
    // Unknown fields are ignored (§2), so padding makes a TIME of 4,000 bytes, sent in 4,000 one-byte fragments.
    const time = pack({ t: 2, c0: 42, pad: 'x'.repeat(3985) });
    raw.sendFragmented(time, time.length);
    expect(decoded(await raw.waitFor((f) => f.opcode === OPCODE.BINARY && decoded(f).t === 102, 10_000, from))).toMatchObject({ c0: 42 });
    // A command in one-byte fragments with a PING after each: every ping is answered, the command too.
    const vote = pack({ t: 3, id: 'fragmented-vote', cmd: { type: 'vote', option: 'y' } });
    const pongsFrom = raw.frames.length;
    raw.sendFragmented(vote, vote.length, (i) => raw.sendFrame(OPCODE.PING, Buffer.from(`p${i}`)));
    expect(decoded(await raw.waitFor((f) => f.opcode === OPCODE.BINARY && decoded(f).id === 'fragmented-vote', 10_000, pongsFrom))).toMatchObject({ t: 103 });
    await raw.waitFor(() => raw.frames.slice(pongsFrom).filter((f) => f.opcode === OPCODE.PONG).length === vote.length - 1, 5000).catch(() => undefined);
    expect(raw.frames.slice(pongsFrom).filter((f) => f.opcode === OPCODE.PONG).map((f) => f.payload.toString())).toEqual(Array.from({ length: vote.length - 1 }, (_, i) => `p${i}`));
    raw.destroy();
  });

  it('fragments adding up to more than 64 KiB close with 1009; more than the hard limit are cut off', async () => {
    const over = await rawViewer();
    over.sendFragmented(Buffer.alloc(LIMITS.maxPayloadBytes + 1, 0x61), 65);
    expect(await over.closed).toMatchObject({ code: 1009 });
    const way = await rawViewer();
    const started = Date.now();
    const size = LIMITS.hardMaxPayloadBytes + 1;
    way.sendFragmented(Buffer.alloc(size, 0x61), Math.ceil(size / (256 * 1024)));
    const cut = await way.closed;
    expect(cut.code).toBeUndefined(); // no close frame: a browser reports 1006
    console.log(`[hostile-peers] fragments: ${LIMITS.maxPayloadBytes + 1} bytes in 65 fragments → 1009; ${size} bytes in 256 KiB fragments → cut after ${Date.now() - started} ms`);
    await serverCarriesOn();
  });

  it('broken fragment sequences and bad control frames end the connection without a close frame; the server carries on', async () => {
    const time = pack({ t: 2, c0: 1 });
    const cases: Array<[string, (raw: RawWebSocket) => void]> = [
      ['a continuation frame with no message started', (raw) => raw.sendFrame(OPCODE.CONTINUATION, time)],
      ['a fragmented ping', (raw) => raw.sendFrame(OPCODE.PING, Buffer.from('hi'), false)],
      ['a ping over 125 bytes', (raw) => raw.sendFrame(OPCODE.PING, Buffer.alloc(126))],
      ['a reserved opcode', (raw) => raw.sendFrame(3, time)],
      ['a text frame that is not UTF-8', (raw) => raw.sendFrame(OPCODE.TEXT, Buffer.from([0xff, 0xfe]))],
    ];
    for (const [what, send] of cases) {
      const raw = await rawViewer();
      send(raw);
      const closed = await Promise.race([raw.closed, sleep(5000).then(() => 'still open' as const)]);
      expect(closed, what).not.toBe('still open');
      expect(closed, what).toMatchObject({ code: undefined });
      raw.destroy();
    }
    // uWS does not refuse a new data frame inside an unfinished message (RFC 6455 says it should): it reaches the decoder, which answers `invalid`.
    const nested = await rawViewer();
    const from = nested.frames.length;
    nested.sendFrame(OPCODE.BINARY, time.subarray(0, 1), false);
    nested.sendFrame(OPCODE.BINARY, time);
    expect(decoded(await nested.waitFor((f) => f.opcode === OPCODE.BINARY && decoded(f).t === 104, 5000, from))).toMatchObject({ code: 'invalid' });
    nested.destroy();
    await serverCarriesOn();
  });
});

describe('oversized frames', () => {
  it('just over 64 KiB closes with 1009, up to the hard limit too; over it the connection is cut', async () => {
    const exact = await rawViewer();
    const from = exact.frames.length;
    exact.sendFrame(OPCODE.BINARY, Buffer.alloc(LIMITS.maxPayloadBytes, 0xc1));
    expect(decoded(await exact.waitFor((f) => f.opcode === OPCODE.BINARY && decoded(f).t === 104, 5000, from))).toMatchObject({ code: 'invalid' }); // at the limit: read, and refused as msgpack
    exact.destroy();
    for (const size of [LIMITS.maxPayloadBytes + 1, LIMITS.hardMaxPayloadBytes]) {
      const raw = await rawViewer();
      raw.sendFrame(OPCODE.BINARY, Buffer.alloc(size));
      expect(await raw.closed, `${size} bytes`).toMatchObject({ code: 1009, reason: `frames are limited to ${LIMITS.maxPayloadBytes} bytes` });
    }
    const cut = await rawViewer();
    cut.sendFrame(OPCODE.BINARY, Buffer.alloc(LIMITS.hardMaxPayloadBytes + 1));
    expect((await cut.closed).code).toBeUndefined();
    await serverCarriesOn();
  });

  it('unfinished frames cost at most the hard limit each, and the memory comes back when the HELLO deadline closes them', async () => {
    const holders = 20;
    const before = rssOf(server.pid);
    const sampler = sampleRss(server.pid);
    const raws: RawWebSocket[] = [];
    const started = Date.now();
    for (let i = 0; i < holders; i++) {
      // No token: these have not joined. Each sends all but the last byte of a frame at the hard limit.
      const raw = await RawWebSocket.connect(server.port, '/ws');
      const frame = RawWebSocket.encodeFrame(OPCODE.BINARY, Buffer.alloc(LIMITS.hardMaxPayloadBytes, 0x61));
      raw.socket.write(frame.subarray(0, frame.length - 1));
      raws.push(raw);
    }
    await sleep(1000);
    const held = rssOf(server.pid);
    const closes = await Promise.all(raws.map((r) => r.closed));
    const closedAfter = Date.now() - started;
    const peak = sampler.stop();
    // The allocator hands freed pages back in its own time: read for up to 5 s (bounded), keep the lowest.
    let after = Infinity;
    for (let i = 0; i < 10 && after - before >= 32 * 1024 * 1024; i++) {
      await sleep(500);
      after = Math.min(after, rssOf(server.pid));
    }
    console.log(
      `[hostile-peers] ${holders} unjoined connections each holding an unfinished ${mib(LIMITS.hardMaxPayloadBytes)} MiB frame: RSS before ${mib(before)} MiB, held ${mib(held)}, peak ${mib(peak)}, ` +
        `after they were closed ${mib(after)}; closed with ${[...new Set(closes.map((c) => c.code))].join(',')} within ${closedAfter} ms`,
    );
    expect(closes.every((c) => c.code === 4006)).toBe(true);
    expect(peak - before).toBeLessThan(holders * (LIMITS.hardMaxPayloadBytes + 1024 * 1024));
    expect(after - before).toBeLessThan(32 * 1024 * 1024);
    await serverCarriesOn();
  }, 30_000);
});
