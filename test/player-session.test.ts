/** Session controller on a fake clock and a fake socket: join, dedup, gaps, resume, backoff, commands. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeMessage } from '../engine/protocol/codec.ts';
import { decodeClientMessage } from '../engine/protocol/client-message.ts';
import { MSG, type ServerMessage } from '../engine/protocol/messages.ts';
import type { RoomEvent } from '../engine/room/room-types.ts';
import { backoffDelay } from '../client/session/backoff.ts';
import { Session } from '../client/session/session.ts';
import type { SessionStatus, SocketLike } from '../client/session/session-types.ts';

class FakeSocket implements SocketLike {
  binaryType = '';
  readyState = 0;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  sent: unknown[] = [];
  constructor(readonly url: string) {}
  send(data: Uint8Array): void {
    const r = decodeClientMessage(data);
    this.sent.push(r.ok ? r.message : r);
  }
  close(): void { this.readyState = 3; }
  open(): void { this.readyState = 1; this.onopen?.({}); }
  deliver(msg: ServerMessage): void { this.onmessage?.({ data: encodeMessage(msg) }); }
  drop(code: number): void { this.readyState = 3; this.onclose?.({ code }); }
}

const tl = { node: 'intro', mediaAnchor: 0, serverAnchor: 0, rate: 1, playing: false };
const snapshot = { room: 'r', story: 's', version: 3, hash: 'h', timeline: tl, node: 'intro', phase: 'playing' as const, ended: false, closed: false, vars: {} };
const welcome = (version = 3): ServerMessage => ({ t: MSG.WELCOME, room: 'r', role: 'viewer', sub: 'v1', now: 0, version, resume: 'snapshot', snapshot: { ...snapshot, version }, score: 0 });
const ev = (version: number): RoomEvent => ({ type: 'timeline', version, timeline: tl });

let sockets: FakeSocket[];
let statuses: SessionStatus[];
let applied: number[];
let session: Session;

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  statuses = [];
  applied = [];
  session = new Session({
    wsUrl: 'ws://x/ws', token: 'TOKEN', random: () => 1,
    openSocket: (url) => { const s = new FakeSocket(url); sockets.push(s); return s; },
    now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number),
  });
  session.listen({ status: (s) => statuses.push(s), events: (evs) => applied.push(...evs.map((e) => e.version)) });
  session.start();
});
afterEach(() => { session.stop(); vi.useRealTimers(); });

const last = (): FakeSocket => sockets[sockets.length - 1]!;

describe('session', () => {
  it('joins with a HELLO frame carrying the token, not the URL', () => {
    last().open();
    expect(last().url).toBe('ws://x/ws');
    expect(last().sent[0]).toEqual({ t: MSG.HELLO, token: 'TOKEN' });
    last().deliver(welcome());
    expect(session.version).toBe(3);
    expect(statuses.at(-1)).toEqual({ kind: 'open' });
  });

  it('drops events it already holds and applies the rest in order', () => {
    last().open();
    last().deliver(welcome());
    last().deliver({ t: MSG.EVENTS, events: [ev(2), ev(3), ev(4), ev(5)] });
    expect(applied).toEqual([4, 5]);
  });

  it('reconnects with since on a version gap', () => {
    last().open();
    last().deliver(welcome());
    last().deliver({ t: MSG.EVENTS, events: [ev(4), ev(6)] });
    expect(applied).toEqual([4]);
    expect(sockets).toHaveLength(2);
    last().open();
    expect(last().sent[0]).toEqual({ t: MSG.HELLO, token: 'TOKEN', since: 4 });
    last().deliver({ t: MSG.WELCOME, room: 'r', role: 'viewer', sub: 'v1', now: 0, version: 6, resume: 'events', events: [ev(5), ev(6)], score: 0 });
    expect(applied).toEqual([4, 5, 6]);
    expect(session.version).toBe(6);
  });

  it('backs off 1 s doubling to 60 s with jitter, and resets after a join', () => {
    expect([0, 1, 2, 5, 6, 10].map((a) => backoffDelay(a, () => 1))).toEqual([1000, 2000, 4000, 32000, 60000, 60000]);
    expect(backoffDelay(3, () => 0)).toBe(4000);
    last().drop(1006);
    expect(statuses.at(-1)).toMatchObject({ kind: 'reconnecting', attempt: 1 });
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    last().drop(1006);
    vi.advanceTimersByTime(1999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    last().open();
    last().deliver(welcome());
    last().drop(1001);
    vi.advanceTimersByTime(1000);
    expect(sockets).toHaveLength(4);
  });

  it('reconnects at once when the browser comes back online', () => {
    last().drop(1006);
    session.reconnectNow();
    expect(sockets).toHaveLength(2);
  });

  it('abandons an attempt begun while offline when the browser comes back online', () => {
    last().drop(1006);
    vi.advanceTimersByTime(2000);
    // The retry is still connecting (opened while the network was gone, it may hang).
    expect(sockets).toHaveLength(2);
    session.reconnectNow();
    expect(sockets).toHaveLength(3);
    // The abandoned socket's late close changes nothing.
    sockets[1]!.drop(1006);
    expect(statuses.at(-1)).toMatchObject({ kind: 'connecting' });
  });

  it('stops for good on room closed and expired tokens', () => {
    last().drop(4005);
    expect(statuses.at(-1)).toEqual({ kind: 'failed', reason: 'room-closed', code: 4005 });
    vi.advanceTimersByTime(120_000);
    expect(sockets).toHaveLength(1);
  });

  it('rejects commands at once after it stopped for good, instead of queueing them forever', async () => {
    last().drop(4002);
    await expect(session.command({ type: 'vote', option: 'a' })).rejects.toMatchObject({ code: 'disconnected', message: 'token-expired' });
  });

  it('matches ACK and ERROR to commands by id, and resends unanswered commands with the same id after a reconnect', async () => {
    last().open();
    last().deliver(welcome());
    const vote = session.command({ type: 'vote', option: 'a' });
    const play = session.command({ type: 'play' });
    const [, voteMsg, playMsg] = last().sent as Array<{ id: string }>;
    last().deliver({ t: MSG.ERROR, id: playMsg!.id, code: 'not-allowed', message: 'only the host can play' });
    await expect(play).rejects.toMatchObject({ code: 'not-allowed' });
    last().drop(1006);
    vi.advanceTimersByTime(1000);
    last().open();
    last().deliver(welcome());
    expect(last().sent[1]).toMatchObject({ t: MSG.COMMAND, id: voteMsg!.id });
    last().deliver({ t: MSG.ACK, id: voteMsg!.id, version: 3, data: { x: 1 } });
    await expect(vote).resolves.toEqual({ id: voteMsg!.id, version: 3, data: { x: 1 } });
  });

  it('drops a socket that has been silent for 12 s', () => {
    last().open();
    last().deliver(welcome());
    vi.advanceTimersByTime(16_000);
    expect(statuses.at(-1)).toMatchObject({ kind: 'reconnecting', reason: 'silent' });
  });
});
