/**
 * The client SDK (branchcast/client, client/) against a real server on
 * loopback: HTTP helpers and their typed errors, joining, clock sync,
 * acknowledged and refused commands, and a resume after a dropped connection
 * that resends a command in flight with the same id and gets it answered once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, BranchcastApi, CommandError, connectRoom, JoinError, RoomConnection, roomSocketUrl, type ConnectRoomOptions, type SessionStatus } from '../client/index.ts';
import { defaultWebSocketFactory } from '../client/web-socket.ts';
import { MSG, type ClientMessage, type CommandMessage, type HelloMessage, type ServerMessage } from '../engine/protocol/messages.ts';
import { RecordingSocket } from './support/recording-socket.ts';
import { adminKeyFrom } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';

const story = {
  format: 'branchcast/story@1',
  id: 'sdk',
  title: 'SDK',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'sdk/a.mpd', duration: 600 },
      choice: { opens: 0, closes: 590, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] },
    },
    b: { media: { src: 'sdk/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

let server: ServerProcess;
let operator: BranchcastApi;
let roomId: string;
let hostToken: string;
const open: RoomConnection[] = [];

beforeAll(async () => {
  server = await startServerProcess();
  operator = new BranchcastApi({ server: server.url, credential: adminKeyFrom(server.output()) });
  const created = await operator.createStory(story);
  expect(created).toMatchObject({ id: 'sdk', title: 'SDK' });
  const room = await operator.createRoom('sdk');
  expect(room.wsUrl).toMatch(/^ws:\/\//);
  roomId = room.id;
  hostToken = room.hostToken;
});
afterAll(async () => {
  for (const connection of open) connection.close();
  await server?.stop();
});

async function join(token: string, options: Partial<ConnectRoomOptions> = {}): Promise<RoomConnection> {
  const connection = await connectRoom({ server: server.url, token, ...options });
  open.push(connection);
  return connection;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('client SDK: the socket URL', () => {
  it('puts /ws after an HTTP base, keeps a WebSocket URL, and never carries a query', () => {
    expect(roomSocketUrl('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/ws');
    expect(roomSocketUrl('https://example.com/branchcast/')).toBe('wss://example.com/branchcast/ws');
    expect(roomSocketUrl('wss://example.com/ws?token=x')).toBe('wss://example.com/ws');
  });
});

describe('client SDK: HTTP helpers', () => {
  it('mints viewer tokens, reads the room and its analytics', async () => {
    const viewer = await operator.mintViewerToken(roomId);
    expect(viewer.viewerId).toMatch(/\S/);
    expect(viewer.expiresIn).toBeGreaterThan(0);
    const snapshot = await operator.getRoom(roomId);
    expect(snapshot).toMatchObject({ room: roomId, story: 'sdk', node: 'a', closed: false });
    const analytics = await operator.as(hostToken).analytics(roomId);
    expect(analytics.room.id).toBe(roomId);
  });

  it("turns the API's error body into a typed ApiError", async () => {
    const missing = await operator.getRoom('no-such-room').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing).toMatchObject({ status: 404, code: 'not-found' });

    const invalid = await operator.createStory({ ...story, start: 'nowhere' }).catch((error: unknown) => error);
    expect(invalid).toMatchObject({ status: 400, code: 'invalid-story' });
    expect((invalid as ApiError).details.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.any(String) })]));

    const viewer = await operator.mintViewerToken(roomId);
    const refused = await operator.as(viewer.token).postCommand(roomId, { type: 'play' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 403, code: 'not-allowed' });
  });

  it('posts a command with an id, and the same id again is answered, not applied twice', async () => {
    const viewer = operator.as((await operator.mintViewerToken(roomId)).token);
    const before = (await operator.getRoom(roomId)).comments ?? 0;
    const first = await viewer.postCommand(roomId, { type: 'comment', text: 'over http', at: 0 });
    expect(first).toMatchObject({ ok: true, id: expect.stringMatching(/^sdk-/) });
    const again = await viewer.postCommand(roomId, { type: 'comment', text: 'over http', at: 0 }, { id: first.id });
    expect(again).toMatchObject({ ok: true, id: first.id, version: first.version });
    expect((await operator.getRoom(roomId)).comments).toBe(before + 1);
  });
});

describe('client SDK: the room socket', () => {
  it('joins, and the clock estimate agrees with this machine within a few ms', async () => {
    const host = await join(hostToken);
    expect(host.joinInfo).toMatchObject({ room: roomId, role: 'host' });
    expect(host.snapshot).toMatchObject({ room: roomId, node: 'a' });
    await until(() => host.clock.samples >= 8, 'the join burst of clock samples');
    // Server and client read the same system clock here, so the estimate's error is what is left.
    expect(Math.abs(host.serverNow() - Date.now())).toBeLessThan(5);
    expect(host.clock.uncertainty).toBeLessThan(5);
  });

  it('resolves a command on ACK and rejects a refused one with a typed CommandError', async () => {
    const host = await join(hostToken);
    const ack = await host.command({ type: 'play' });
    expect(ack.version).toBeGreaterThan(0);
    await until(async () => (await operator.getRoom(roomId)).phase === 'open', 'the choice to open');

    const viewer = await join((await operator.mintViewerToken(roomId)).token);
    expect(viewer.joinInfo?.role).toBe('viewer');
    await expect(viewer.command({ type: 'vote', option: 'y' })).resolves.toMatchObject({ version: expect.any(Number) });
    const refused = await viewer.command({ type: 'pause' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CommandError);
    expect(refused).toMatchObject({ code: 'not-allowed', command: { type: 'pause' } });
  });

  it('rejects a join with an unusable token as a JoinError, without retrying', async () => {
    const failure = await connectRoom({ server: server.url, token: 'not-a-token' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(JoinError);
    expect(failure).toMatchObject({ reason: 'token-invalid', code: 4001 });
  });

  it('rejects start() with JoinError "closed" when the connection is closed before it joined, instead of never settling', async () => {
    const connection = new RoomConnection({ server: server.url, token: hostToken, openSocket: await defaultWebSocketFactory() });
    const started = connection.start().catch((error: unknown) => error);
    connection.close(); // before the socket even opened: no WELCOME can come
    const outcome = await Promise.race([started, new Promise((resolve) => setTimeout(() => resolve('still pending after 5 s'), 5000))]);
    expect(outcome).toBeInstanceOf(JoinError);
    expect(outcome).toMatchObject({ reason: 'closed', code: 1000 });
  });

  it('resumes a dropped connection with backoff; a command in flight is resent with the same id and answered once', async () => {
    const sent: ClientMessage[] = [];
    const sockets: RecordingSocket[] = [];
    let loseAcks = false;
    const lost: ServerMessage[] = [];
    const swallow = (message: ServerMessage): boolean => {
      if (!loseAcks || message.t !== MSG.ACK) return false;
      lost.push(message);
      return true;
    };
    const viewer = await join((await operator.mintViewerToken(roomId)).token, {
      openSocket: (url) => { const socket = new RecordingSocket(url, sent, swallow); sockets.push(socket); return socket; },
    });
    const statuses: SessionStatus[] = [];
    viewer.on('status', (status) => statuses.push(status));
    const before = (await operator.getRoom(roomId)).comments ?? 0;

    // The server applies the comment, but its ACK is lost on the way; then the connection drops.
    loseAcks = true;
    const answered = viewer.command({ type: 'comment', text: 'exactly once', at: 1 });
    await until(() => lost.length === 1, 'the first ACK (lost)');
    expect((await operator.getRoom(roomId)).comments).toBe(before + 1);
    loseAcks = false;
    const droppedAt = performance.now();
    sockets[0]!.inner.terminate();

    const ack = await within(answered, 5000, 'the ACK of the resent command');
    const resumedAfter = performance.now() - droppedAt;
    const reconnecting = statuses.find((s): s is Extract<SessionStatus, { kind: 'reconnecting' }> => s.kind === 'reconnecting');
    // The first retry waits 1 s scaled by a random factor in [0.5, 1].
    expect(reconnecting).toMatchObject({ attempt: 1 });
    expect(reconnecting!.retryAt - droppedAt).toBeGreaterThanOrEqual(450);
    expect(reconnecting!.retryAt - droppedAt).toBeLessThanOrEqual(1050);
    expect(resumedAfter).toBeGreaterThanOrEqual(450);
    expect(statuses.at(-1)).toEqual({ kind: 'open' });
    expect(sockets).toHaveLength(2);

    // Same id both times; the rejoin resumed by version; the server answered the duplicate with the first ACK's version.
    const commands = sent.filter((m): m is CommandMessage => m.t === MSG.COMMAND && m.cmd.type === 'comment');
    expect(commands.map((m) => m.id)).toEqual([ack.id, ack.id]);
    const hellos = sent.filter((m): m is HelloMessage => m.t === MSG.HELLO);
    expect(hellos.at(-1)?.since).toBeGreaterThanOrEqual(0);
    expect(ack.version).toBe((lost[0] as Extract<ServerMessage, { t: typeof MSG.ACK }>).version);
    expect((await operator.getRoom(roomId)).comments).toBe(before + 1);
    const analytics = await operator.analytics(roomId);
    expect(analytics.comments.list.filter((c) => c.text === 'exactly once')).toHaveLength(1);
  });
});
