/**
 * An independent branchcast client written from docs/protocol.md alone (no
 * engine/, server/ or test/support client code): its own msgpack framing, its
 * own clock sync, its own version/resume bookkeeping. It drives a real server
 * through a vote, a switch, seeks, a resume and the documented errors, so a
 * drift between the doc and the server fails here.
 *
 * Where the doc was not enough, this test asserts what the server did and says
 * so ("not in the doc"). Those points:
 * - a new room is paused at version 0 (phase "playing") until the host plays;
 * - an ACK can arrive before the EVENTS frame carrying the same version;
 * - `ended` comes right after `node` when an ending is entered;
 * - TALLY and switch `counts` list every option, zeros included;
 * - TIME_REPLY s1/s2 are whole milliseconds, so one sample's rtt is only good to 1 ms;
 * - WELCOME `version` is the room's current version for both resume kinds;
 *   since=0 replays from event 1, since past the current version gets a snapshot;
 * - HELLO without a token is ERROR invalid and then 4006 at 5 s (not 4001);
 * - a second HELLO is ERROR bad-state; an unknown message type is ERROR invalid;
 * - rejected commands count toward the rate limit; `rate-limited` answers are
 *   not remembered by id;
 * - HTTP: a missing or wrong credential is 401 {code: "unauthorized"};
 * - after DELETE, live sockets get `closed` and are then closed with 4005; new ones get 4005.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pack, unpack } from 'msgpackr';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

// ---------------------------------------------------------------------------
// Wire types, as docs/protocol.md §3 and §5 describe them.

type Frame = { t: number } & Record<string, unknown>;

interface Timeline {
  node: string;
  mediaAnchor: number;
  serverAnchor: number;
  rate: number;
  playing: boolean;
}

interface RoomEvent {
  type: string;
  version: number;
  node?: string;
  timeline?: Timeline;
  [field: string]: unknown;
}

interface Snapshot {
  room: string;
  story: string;
  version: number;
  hash: string;
  timeline: Timeline;
  node: string;
  phase: 'playing' | 'open' | 'decided' | 'ended';
  ended: boolean;
  closed: boolean;
  vars: Record<string, unknown>;
  choice?: { mode: string; prompt?: string; options: { id: string; label: string }[]; default: string; closes: number; counts: Record<string, number> };
  pendingSwitch?: { option: string; to: string; atMedia: number };
  /** §5: how many comments the room accepted (an integer), not the comments. */
  comments: number;
}

interface Welcome extends Frame {
  room: string;
  role: string;
  sub: string;
  now: number;
  version: number;
  resume: 'snapshot' | 'events';
  snapshot?: Snapshot;
  events?: RoomEvent[];
  /** §3: the subject's running quiz score. */
  score: number;
}

const T = { HELLO: 1, TIME: 2, COMMAND: 3, WELCOME: 100, EVENTS: 101, TIME_REPLY: 102, ACK: 103, ERROR: 104, TALLY: 105 } as const;

/** The client's clock, in epoch milliseconds with sub-millisecond resolution (§7 wants ms). */
const clock = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** §3: position = mediaAnchor + (playing ? (t - serverAnchor) / 1000 * rate : 0). */
function positionAt(timeline: Timeline, serverTime: number): number {
  return timeline.mediaAnchor + (timeline.playing ? ((serverTime - timeline.serverAnchor) / 1000) * timeline.rate : 0);
}

/** §3: the switch instant is serverAnchor + (atMedia - mediaAnchor) / rate * 1000 of the current timeline. */
function switchInstant(timeline: Timeline, atMedia: number): number {
  return timeline.serverAnchor + ((atMedia - timeline.mediaAnchor) / timeline.rate) * 1000;
}

/** Things the doc leaves open and this client had to decide; collected for the report. */
const observations = new Set<string>();

/** Decodes one binary frame. 64-bit integers (the doc does not say how epoch ms are encoded) become numbers. */
function decode(data: WebSocket.RawData): unknown {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return normalise(unpack(bytes));
}

function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') {
    observations.add('server sent a 64-bit msgpack integer (decoded as bigint)');
    return Number(value);
  }
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normalise(inner)]));
  }
  return value;
}

// ---------------------------------------------------------------------------
// Room state, kept by the rules of §6.

class RoomState {
  version: number | undefined;
  timeline: Timeline | undefined;
  node: string | undefined;
  ended = false;
  closed = false;
  hash: string | undefined;
  choice: RoomEvent | undefined;
  pendingSwitch: RoomEvent | undefined;
  /** Every event applied, in order. */
  readonly applied: RoomEvent[] = [];
  /** Events dropped by the "version ≤ the version you hold" rule. */
  readonly dropped: RoomEvent[] = [];
  /** Set when an event skipped a version: the client must reconnect with since. */
  gap: { held: number; got: number } | undefined;

  loadSnapshot(snapshot: Snapshot): void {
    this.version = snapshot.version;
    this.timeline = snapshot.timeline;
    this.node = snapshot.node;
    this.ended = snapshot.ended;
    this.closed = snapshot.closed;
    this.hash = snapshot.hash;
    this.choice = undefined;
    this.pendingSwitch = undefined;
    this.gap = undefined;
  }

  /** Applies one event; returns whether it was applied (false: dropped or gap). */
  apply(event: RoomEvent): boolean {
    if (this.version !== undefined && event.version <= this.version) {
      this.dropped.push(event);
      return false;
    }
    if (this.version !== undefined && event.version > this.version + 1) {
      this.gap = { held: this.version, got: event.version };
      return false;
    }
    this.version = event.version;
    this.hash = undefined; // only a snapshot carries a hash
    this.applied.push(event);
    switch (event.type) {
      case 'timeline':
        this.timeline = event.timeline;
        break;
      case 'choice-open':
        this.choice = event;
        break;
      case 'switch':
        this.pendingSwitch = event;
        this.choice = undefined;
        break;
      case 'node':
        this.node = event.node;
        this.timeline = event.timeline;
        this.pendingSwitch = undefined;
        break;
      case 'ended':
        this.ended = true;
        break;
      case 'closed':
        this.closed = true;
        break;
      default:
        break; // §2: unknown things are ignored
    }
    return true;
  }
}

// ---------------------------------------------------------------------------
// One WebSocket connection.

interface Received {
  frame: Frame;
  /** Client clock when the frame arrived (c3 for TIME_REPLY). */
  at: number;
  binary: boolean;
}

interface ClockEstimate {
  offset: number;
  rtt: number;
  samples: { c0: number; c3: number; s1: number; s2: number; rtt: number; offset: number }[];
}

class DocClient {
  readonly frames: Received[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  welcome: Welcome | undefined;
  clockEstimate: ClockEstimate | undefined;
  private readonly ws: WebSocket;
  private readonly wakers = new Set<() => void>();
  private nextId = 0;
  private isClosed = false;

  constructor(
    url: string,
    readonly state: RoomState = new RoomState(),
    readonly label = 'client',
  ) {
    this.ws = new WebSocket(url);
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('error', () => undefined); // the close code is what we check
    this.ws.on('message', (data, isBinary) => {
      const at = clock();
      const frame = decode(data) as Frame;
      this.frames.push({ frame, at, binary: isBinary });
      this.onFrame(frame);
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        this.isClosed = true;
        this.wake();
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  static async open(url: string, state?: RoomState, label?: string): Promise<DocClient> {
    const client = new DocClient(url, state, label);
    await new Promise<void>((resolve, reject) => {
      client.ws.once('open', () => resolve());
      client.ws.once('error', reject);
    });
    return client;
  }

  private onFrame(frame: Frame): void {
    if (frame.t === T.WELCOME) {
      const welcome = frame as Welcome;
      this.welcome = welcome;
      if (welcome.resume === 'snapshot' && welcome.snapshot !== undefined) this.state.loadSnapshot(welcome.snapshot);
      for (const event of welcome.events ?? []) this.state.apply(event);
    } else if (frame.t === T.EVENTS) {
      for (const event of frame.events as RoomEvent[]) this.state.apply(event);
    }
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }

  send(message: Record<string, unknown>): void {
    this.ws.send(pack(message));
  }

  sendRaw(data: Buffer | string): void {
    this.ws.send(data);
  }

  close(): void {
    this.ws.close(1000);
  }

  /** Resolves with check()'s first non-undefined value, re-checked on every frame. */
  async waitFor<R>(check: () => R | undefined, timeoutMs: number, what: string): Promise<R> {
    const first = check();
    if (first !== undefined) return first;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.wakers.delete(waker);
        reject(new Error(`${this.label}: timed out after ${timeoutMs} ms waiting for ${what}; last frames: ${JSON.stringify(this.frames.slice(-5).map((r) => r.frame))}`));
      }, timeoutMs);
      const waker = (): void => {
        const value = check();
        if (value !== undefined) {
          clearTimeout(timer);
          this.wakers.delete(waker);
          resolve(value);
        } else if (this.isClosed) {
          clearTimeout(timer);
          this.wakers.delete(waker);
          reject(new Error(`${this.label}: socket closed while waiting for ${what}`));
        }
      };
      this.wakers.add(waker);
    });
  }

  /** The first frame at index ≥ from matching the predicate. */
  waitFrame(predicate: (frame: Frame) => boolean, what: string, from = 0, timeoutMs = 5000): Promise<Received> {
    return this.waitFor(() => this.frames.slice(from).find((r) => predicate(r.frame)), timeoutMs, what);
  }

  /** The first applied event of this type at index ≥ from. */
  waitEvent(type: string, from = 0, timeoutMs = 5000): Promise<RoomEvent> {
    return this.waitFor(() => this.state.applied.slice(from).find((e) => e.type === type), timeoutMs, `event ${type}`);
  }

  async joined(timeoutMs = 5000): Promise<Welcome> {
    await this.waitFrame((f) => f.t === T.WELCOME, 'WELCOME', 0, timeoutMs);
    return this.welcome as Welcome;
  }

  /** Sends COMMAND and resolves with its ACK or ERROR (matched by id). */
  async command(cmd: Record<string, unknown>, id = `${this.label}-${++this.nextId}`): Promise<Frame> {
    const from = this.frames.length;
    this.send({ t: T.COMMAND, id, cmd });
    const answer = await this.waitFrame((f) => (f.t === T.ACK || f.t === T.ERROR) && f.id === id, `answer to ${id}`, from);
    return answer.frame;
  }

  /** §7: a burst of TIME samples; keeps the lowest-RTT half and takes their median offset. */
  async syncClock(samples = 8, spacingMs = 50): Promise<ClockEstimate> {
    const taken: ClockEstimate['samples'] = [];
    for (let i = 0; i < samples; i++) {
      const c0 = clock();
      const from = this.frames.length;
      this.send({ t: T.TIME, c0 });
      const reply = await this.waitFrame((f) => f.t === T.TIME_REPLY && f.c0 === c0, 'TIME_REPLY', from);
      const c3 = reply.at;
      const s1 = reply.frame.s1 as number;
      const s2 = reply.frame.s2 as number;
      const rtt = c3 - c0 - (s2 - s1);
      const offset = (s1 - c0 + (s2 - c3)) / 2;
      taken.push({ c0, c3, s1, s2, rtt, offset });
      if (i < samples - 1) await sleep(spacingMs);
    }
    const best = [...taken].sort((a, b) => a.rtt - b.rtt).slice(0, Math.max(1, Math.ceil(taken.length / 2)));
    const offsets = best.map((s) => s.offset).sort((a, b) => a - b);
    const offset = offsets[Math.floor(offsets.length / 2)] as number;
    const rtt = (best[0] as (typeof taken)[number]).rtt;
    this.clockEstimate = { offset, rtt, samples: taken };
    return this.clockEstimate;
  }

  /** The server's clock now, by the §7 estimate. */
  serverNow(at = clock()): number {
    return at + (this.clockEstimate?.offset ?? 0);
  }

  errors(): Frame[] {
    return this.frames.filter((r) => r.frame.t === T.ERROR).map((r) => r.frame);
  }
}

// ---------------------------------------------------------------------------
// HTTP (§1).

interface HttpAnswer {
  status: number;
  body: unknown;
}

async function http(base: string, method: string, path: string, credential?: string, body?: unknown): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (credential !== undefined) headers.authorization = `Bearer ${credential}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}

const STORY = {
  format: 'branchcast/story@1',
  id: 'doc-client',
  title: 'Doc client fork',
  start: 'fork',
  nodes: {
    fork: {
      media: { src: 'doc-client/fork/manifest.mpd', duration: 3 },
      choice: {
        opens: 0.5,
        closes: 2,
        mode: 'vote',
        prompt: 'Which way?',
        default: 'left',
        options: [
          { id: 'left', label: 'Go left', to: 'left' },
          { id: 'right', label: 'Go right', to: 'right' },
        ],
      },
    },
    left: { media: { src: 'doc-client/left/manifest.mpd', duration: 20 }, ending: { title: 'Left' } },
    right: { media: { src: 'doc-client/right/manifest.mpd', duration: 20 }, ending: { title: 'Right' } },
  },
};

/** A token with its signature (or claims) altered: same shape, wrong HMAC. */
function tamper(token: string, part: 'signature' | 'claims'): string {
  const [claims, signature] = token.split('.') as [string, string];
  if (part === 'signature') {
    const bytes = Buffer.from(signature, 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    return `${claims}.${bytes.toString('base64url')}`;
  }
  const parsed = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
  parsed.role = 'host';
  return `${Buffer.from(JSON.stringify(parsed)).toString('base64url')}.${signature}`;
}

// ---------------------------------------------------------------------------

describe('a client written from docs/protocol.md alone', () => {
  let server: ServerProcess;
  let dataDir: TempDir;
  let base: string;
  let wsBase: string;
  let operatorKey: string;
  const sockets: DocClient[] = [];

  // Shared across the steps below, which run in order.
  let roomId: string;
  let hostToken: string;
  const viewer: { id: string; token: string }[] = [];
  let host: DocClient;
  let viewerA: DocClient; // token in the URL
  let viewerB: DocClient; // HELLO frame
  let silent: DocClient; // never says HELLO: §2's 5 s limit
  let firstVote: Frame; // viewer A's ACK for command id 'vote-a'

  const track = (client: DocClient): DocClient => {
    sockets.push(client);
    return client;
  };

  beforeAll(async () => {
    dataDir = await makeTempDir('branchcast-doc-client-');
    server = await startServerProcess({ args: ['--data', dataDir.path] });
    base = server.url.replace(/\/$/, '');
    wsBase = `${base.replace(/^http/, 'ws')}/ws`;
    const match = /development operator key \(loopback only\): (\S+)/.exec(server.output());
    expect(match, server.output()).not.toBeNull();
    operatorKey = (match as RegExpExecArray)[1] as string;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.stop();
    await dataDir?.remove();
    if (observations.size > 0) console.log(`doc-client observations:\n- ${[...observations].join('\n- ')}`);
  });

  it('posts a story, creates a room and hands out viewer tokens (§1)', async () => {
    const posted = await http(base, 'POST', '/api/stories', operatorKey, STORY);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(posted.body).toMatchObject({ id: 'doc-client', title: 'Doc client fork' });

    const listed = await http(base, 'GET', '/api/stories');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'doc-client', title: 'Doc client fork' })]));

    const room = await http(base, 'POST', '/api/rooms', operatorKey, { story: 'doc-client' });
    expect(room.status, JSON.stringify(room.body)).toBe(201);
    const roomBody = room.body as { id: string; story: string; hostToken: string; joinUrl: string; hostUrl: string; wsUrl: string };
    expect(roomBody).toMatchObject({ story: 'doc-client' });
    for (const field of ['id', 'hostToken', 'joinUrl', 'hostUrl', 'wsUrl'] as const) expect(typeof roomBody[field]).toBe('string');
    roomId = roomBody.id;
    hostToken = roomBody.hostToken;

    for (let i = 0; i < 2; i++) {
      const answer = await http(base, 'POST', `/api/rooms/${roomId}/viewers`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      const body = answer.body as { viewerId: string; token: string; expiresIn: number };
      expect(typeof body.viewerId).toBe('string');
      expect(typeof body.expiresIn).toBe('number');
      // §1: base64url(JSON claims) "." base64url(HMAC-SHA256) with {room, role, sub, exp}.
      const [claims, signature] = body.token.split('.') as [string, string];
      expect(Buffer.from(signature, 'base64url')).toHaveLength(32);
      const decoded = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
      expect(decoded).toMatchObject({ room: roomId, role: 'viewer', sub: body.viewerId });
      expect(decoded.exp as number).toBeGreaterThan(Date.now() / 1000);
      viewer.push({ id: body.viewerId, token: body.token });
    }
    expect(viewer[0]?.id).not.toBe(viewer[1]?.id);
  });

  it('connects the host and one viewer by URL token, the other by HELLO (§2)', async () => {
    silent = track(await DocClient.open(wsBase, undefined, 'silent'));

    host = track(await DocClient.open(`${wsBase}?token=${encodeURIComponent(hostToken)}`, undefined, 'host'));
    viewerA = track(await DocClient.open(`${wsBase}?token=${encodeURIComponent((viewer[0] as { token: string }).token)}`, undefined, 'viewerA'));
    viewerB = track(await DocClient.open(wsBase, undefined, 'viewerB'));

    // §3: TIME is allowed before HELLO; a COMMAND before joining is bad-state ("not joined").
    viewerB.send({ t: T.TIME, c0: 1234.5 });
    const early = await viewerB.waitFrame((f) => f.t === T.TIME_REPLY, 'TIME_REPLY before HELLO');
    expect(early.frame.c0).toBe(1234.5);
    const notJoined = await viewerB.command({ type: 'vote', option: 'left' }, 'before-hello');
    expect(notJoined).toMatchObject({ t: T.ERROR, code: 'bad-state', id: 'before-hello' });
    viewerB.send({ t: T.HELLO, token: (viewer[1] as { token: string }).token });

    const [hostWelcome, welcomeA, welcomeB] = await Promise.all([host.joined(), viewerA.joined(), viewerB.joined()]);
    expect(hostWelcome).toMatchObject({ t: T.WELCOME, room: roomId, role: 'host', resume: 'snapshot' });
    expect(welcomeA).toMatchObject({ room: roomId, role: 'viewer', sub: viewer[0]?.id, resume: 'snapshot' });
    expect(welcomeB).toMatchObject({ room: roomId, role: 'viewer', sub: viewer[1]?.id, resume: 'snapshot' });
    for (const welcome of [hostWelcome, welcomeA, welcomeB]) {
      expect(typeof welcome.now).toBe('number');
      expect(Math.abs(welcome.now - Date.now())).toBeLessThan(1000);
      const snapshot = welcome.snapshot as Snapshot;
      expect(snapshot).toMatchObject({ room: roomId, story: 'doc-client', version: welcome.version, node: 'fork', ended: false, closed: false });
      expect(snapshot.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(snapshot.timeline).toMatchObject({ node: 'fork', rate: 1 });
      expect(Number.isInteger(snapshot.comments) && snapshot.comments >= 0).toBe(true);
      expect(welcome.score).toBe(0); // nobody has answered a quiz yet
    }
    for (const client of [host, viewerA, viewerB]) expect(client.frames.every((r) => r.binary)).toBe(true);
  });

  it('estimates the server clock with the §7 formula', async () => {
    const estimate = await host.syncClock(8, 50);
    expect(estimate.samples).toHaveLength(8);
    for (const sample of estimate.samples) {
      expect(sample.s2).toBeGreaterThanOrEqual(sample.s1);
      // s1/s2 arrive as whole milliseconds, so one sample's rtt is exact only to within 1 ms.
      expect(sample.rtt).toBeGreaterThan(-1);
    }
    const rtts = estimate.samples.map((s) => s.rtt).sort((a, b) => a - b);
    expect(rtts[Math.floor(rtts.length / 2)]).toBeGreaterThanOrEqual(0);
    expect(estimate.rtt).toBeGreaterThan(-1);
    // Same machine, same clock: the offset is only noise.
    expect(Math.abs(estimate.offset)).toBeLessThan(50);
    await Promise.all([viewerA.syncClock(4, 20), viewerB.syncClock(4, 20)]);
  });

  it('plays, votes, tallies, announces the switch before it happens and enters the winner (§3, §6)', async () => {
    const hostFrom = host.state.applied.length;
    const play = await host.command({ type: 'play' });
    expect(play).toMatchObject({ t: T.ACK });
    const playVersion = play.version as number;

    const playEvent = await host.waitEvent('timeline', hostFrom);
    expect(playEvent.version).toBe(playVersion);
    expect(playEvent.timeline).toMatchObject({ node: 'fork', mediaAnchor: 0, rate: 1, playing: true });

    const opened = await viewerA.waitEvent('choice-open', 0, 3000);
    const openedAt = viewerA.frames.find((r) => r.frame.t === T.EVENTS && (r.frame.events as RoomEvent[]).includes(opened)) as Received;
    // It opened at media time 0.5 (give the scheduler a little slack either way).
    expect(positionAt(playEvent.timeline as Timeline, viewerA.serverNow(openedAt.at))).toBeGreaterThan(0.45);
    expect(positionAt(playEvent.timeline as Timeline, viewerA.serverNow(openedAt.at))).toBeLessThan(1);
    expect(opened).toMatchObject({ node: 'fork', mode: 'vote', prompt: 'Which way?', default: 'left', closes: 2 });
    expect(opened.options).toEqual([{ id: 'left', label: 'Go left' }, { id: 'right', label: 'Go right' }]);

    const tallyFrom = { A: viewerA.frames.length, host: host.frames.length };
    const voteA = await viewerA.command({ type: 'vote', option: 'right' }, 'vote-a');
    const voteB1 = await viewerB.command({ type: 'vote', option: 'left' }, 'vote-b1');
    const voteB2 = await viewerB.command({ type: 'vote', option: 'right' }, 'vote-b2');
    const voteAgain = await viewerA.command({ type: 'vote', option: 'left' }, 'vote-a'); // same id: the first answer, no change
    const badOption = await viewerA.command({ type: 'vote', option: 'nowhere' });
    const choose = await viewerA.command({ type: 'choose', option: 'left' });
    expect(voteA).toMatchObject({ t: T.ACK, id: 'vote-a' });
    expect(voteB1).toMatchObject({ t: T.ACK });
    expect(voteB2).toMatchObject({ t: T.ACK });
    expect(voteAgain).toEqual(voteA);
    firstVote = voteA;
    expect(badOption).toMatchObject({ t: T.ERROR, code: 'invalid' });
    expect(choose).toMatchObject({ t: T.ERROR, code: 'not-allowed' });
    expect(voteB2.version).toBe(opened.version); // votes do not bump the version

    const tally = await viewerA.waitFrame((f) => f.t === T.TALLY && f.total === 2 && (f.counts as Record<string, number>).right === 2, 'TALLY right:2', tallyFrom.A, 3000);
    expect(tally.frame).toMatchObject({ node: 'fork', total: 2 });
    expect((tally.frame.counts as Record<string, number>).left ?? 0).toBe(0);
    await host.waitFrame((f) => f.t === T.TALLY && f.total === 2, 'host TALLY', tallyFrom.host, 2000); // the host sees it too
    // At most 10 per second.
    const tallyTimes = viewerA.frames.slice(tallyFrom.A).filter((r) => r.frame.t === T.TALLY).map((r) => r.at);
    tallyTimes.slice(1).forEach((at, k) => expect(at - (tallyTimes[k] as number)).toBeGreaterThan(50));

    const switched = await host.waitFor(() => host.frames.find((r) => r.frame.t === T.EVENTS && (r.frame.events as RoomEvent[]).some((e) => e.type === 'switch')), 4000, 'switch');
    const switchEvent = (switched.frame.events as RoomEvent[]).find((e) => e.type === 'switch') as RoomEvent;
    const timelineThen = host.state.timeline as Timeline;
    const instant = switchInstant(timelineThen, switchEvent.atMedia as number);
    const arrivedServerTime = host.serverNow(switched.at);
    // §3: a switch is announced before its instant, computed from the timeline in force.
    expect(switchEvent).toMatchObject({ node: 'fork', option: 'right', to: 'right', atMedia: 3 });
    expect(switchEvent.counts).toMatchObject({ right: 2 });
    expect((switchEvent.counts as Record<string, number>).left ?? 0).toBe(0);
    expect(timelineThen).toMatchObject({ node: 'fork', playing: true, rate: 1 });
    expect(arrivedServerTime).toBeLessThan(instant);
    // The switch came after the vote closed (media time 2).
    expect(positionAt(timelineThen, arrivedServerTime)).toBeGreaterThan(2 - 0.05);

    const nodeEvent = await host.waitEvent('node', 0, 4000);
    const nodeArrival = host.frames.find((r) => r.frame.t === T.EVENTS && (r.frame.events as RoomEvent[]).includes(nodeEvent)) as Received;
    expect(nodeEvent).toMatchObject({ node: 'right', from: 'fork', option: 'right' });
    expect(nodeEvent.timeline).toMatchObject({ node: 'right', mediaAnchor: 0, rate: 1, playing: true });
    // The new timeline starts at the announced instant (ms resolution), and the event is not early.
    expect(Math.abs((nodeEvent.timeline as Timeline).serverAnchor - instant)).toBeLessThanOrEqual(1);
    expect(host.serverNow(nodeArrival.at)).toBeGreaterThanOrEqual(instant - 5);

    // The story reached an ending: `ended` follows the node event.
    const ended = await host.waitEvent('ended', 0, 2000);
    expect(ended).toMatchObject({ node: 'right', title: 'Right' });

    await viewerA.waitFor(() => (viewerA.state.version === host.state.version ? true : undefined), 2000, 'viewer A to catch up');
    await viewerB.waitFor(() => (viewerB.state.version === host.state.version ? true : undefined), 2000, 'viewer B to catch up');
    // §6: versions go up by exactly one per event, and every client saw the same sequence.
    for (const client of [host, viewerA, viewerB]) {
      const versions = client.state.applied.map((e) => e.version);
      expect(versions[0]).toBe(playVersion);
      versions.forEach((v, i) => expect(v).toBe(playVersion + i));
      expect(client.state.applied.map((e) => e.type)).toEqual(['timeline', 'choice-open', 'switch', 'node', 'ended']);
      expect(client.state.gap).toBeUndefined();
      expect(client.state.dropped).toEqual([]);
    }
    expect(viewerA.state.applied).toEqual(host.state.applied);
    expect(viewerB.state.applied).toEqual(host.state.applied);

    // The dedup rule: replaying a frame already applied changes nothing; a skipped version is a gap.
    const replay = new RoomState();
    for (const event of host.state.applied) replay.apply(event);
    for (const event of host.state.applied.slice(2)) expect(replay.apply(event)).toBe(false);
    expect(replay.dropped).toHaveLength(host.state.applied.length - 2);
    expect(replay.version).toBe(host.state.version);
    expect(replay.apply({ type: 'timeline', version: (replay.version as number) + 2 })).toBe(false);
    expect(replay.gap).toEqual({ held: replay.version, got: (replay.version as number) + 2 });
  });

  it('resumes a dropped viewer with since, and a snapshot join carries the API hash (§5, §6)', async () => {
    // Events may still be in flight to A under load: let it catch up, so the versions below are exact.
    await viewerA.waitFor(() => (viewerA.state.version === host.state.version ? true : undefined), 5000, 'viewer A to catch up with the host');
    viewerA.close();
    await viewerA.closed;
    const heldByA = viewerA.state.version as number;
    const hostFrom = host.state.applied.length;

    const answers: Frame[] = [];
    answers.push(await host.command({ type: 'seek', position: 5 }));
    answers.push(await host.command({ type: 'seek', position: 2.5 }));
    answers.push(await host.command({ type: 'pause' }));
    answers.push(await host.command({ type: 'seek', position: 7.25 }));
    answers.push(await host.command({ type: 'seek', position: -4 })); // clamped to the segment
    for (const answer of answers) expect(answer).toMatchObject({ t: T.ACK });
    // One event (and one version) per accepted command.
    expect(answers.map((a) => a.version)).toEqual(answers.map((_, k) => heldByA + 1 + k));
    await host.waitFor(() => (host.state.version === answers.at(-1)?.version ? true : undefined), 2000, 'host to see its last command');
    const missed = host.state.applied.slice(hostFrom);
    expect(missed.map((e) => e.type)).toEqual(['timeline', 'timeline', 'timeline', 'timeline', 'timeline']);
    const timelines = missed.map((e) => e.timeline as Timeline);
    expect(timelines.map((tl) => [tl.node, tl.mediaAnchor, tl.playing])).toEqual([
      ['right', 5, true],
      ['right', 2.5, true],
      ['right', expect.any(Number), false], // paused where it was (below)
      ['right', 7.25, false],
      ['right', 0, false], // -4 clamped to the segment start
    ]);
    const [, beforePause, paused] = timelines as [Timeline, Timeline, Timeline];
    // Pausing freezes the position the §3 formula gives at the pause instant (ms precision).
    expect(Math.abs(paused.mediaAnchor - positionAt(beforePause, paused.serverAnchor))).toBeLessThan(0.002);

    // Reconnect with since = the version A holds: exactly the missed events (§6).
    const viewerAToken = (viewer[0] as { token: string }).token;
    const resumed = track(await DocClient.open(`${wsBase}?token=${encodeURIComponent(viewerAToken)}&since=${heldByA}`, viewerA.state, 'viewerA2'));
    const welcome = await resumed.joined();
    expect(welcome).toMatchObject({ room: roomId, role: 'viewer', sub: viewer[0]?.id, resume: 'events' });
    expect(welcome.events).toEqual(missed);
    expect(viewerA.state.dropped).toEqual([]);
    expect(viewerA.state.gap).toBeUndefined();
    expect(viewerA.state.timeline).toEqual(host.state.timeline);

    const api = await http(base, 'GET', `/api/rooms/${roomId}`, viewerAToken);
    expect(api.status).toBe(200);
    const snapshot = api.body as Snapshot;
    expect(viewerA.state.version).toBe(snapshot.version);
    expect(welcome.version).toBe(snapshot.version);
    expect(viewerA.state.timeline).toEqual(snapshot.timeline);
    expect(viewerA.state.node).toBe(snapshot.node);
    expect(viewerA.state.ended).toBe(snapshot.ended);
    expect(snapshot).toMatchObject({ room: roomId, story: 'doc-client', node: 'right', phase: 'ended', ended: true, closed: false });
    expect(snapshot.hash).toMatch(/^[0-9a-f]{64}$/);

    // A fresh join (no since) gets a snapshot whose hash is the API's.
    const fresh = track(await DocClient.open(`${wsBase}?token=${encodeURIComponent(viewerAToken)}`, undefined, 'fresh'));
    const freshWelcome = await fresh.joined();
    expect(freshWelcome.resume).toBe('snapshot');
    expect(freshWelcome.snapshot).toEqual(snapshot);
    expect(fresh.state.hash).toBe(snapshot.hash);
    expect(fresh.state.version).toBe(snapshot.version);
    const operatorView = await http(base, 'GET', `/api/rooms/${roomId}`, operatorKey);
    expect(operatorView.body).toEqual(snapshot);

    // Resuming from further back than we hold: the repeats are dropped, nothing changes (§6 dedup).
    const heldByB = viewerB.state.version as number;
    viewerB.close();
    await viewerB.closed;
    const behind = track(await DocClient.open(wsBase, viewerB.state, 'viewerB2'));
    behind.send({ t: T.HELLO, token: (viewer[1] as { token: string }).token, since: heldByB - 2 });
    const behindWelcome = await behind.joined();
    expect(behindWelcome).toMatchObject({ resume: 'events', version: heldByB });
    expect((behindWelcome.events as RoomEvent[]).map((e) => e.version)).toEqual([heldByB - 1, heldByB]);
    expect(viewerB.state.dropped.map((e) => e.version)).toEqual([heldByB - 1, heldByB]);
    expect(viewerB.state.version).toBe(heldByB);
    expect(viewerB.state.applied).toEqual(host.state.applied);
    viewerB = behind;
    viewerA = resumed;

    // since=0 replays the whole history (the room starts at version 0, with no event 0).
    const fromZero = track(await DocClient.open(`${wsBase}?token=${encodeURIComponent(viewerAToken)}&since=0`, undefined, 'fromZero'));
    const zeroWelcome = await fromZero.joined();
    expect(zeroWelcome.resume).toBe('events');
    expect(zeroWelcome.events).toEqual(host.state.applied);
    // since past the current version: not in the doc; the server answers with a snapshot.
    const future = track(await DocClient.open(`${wsBase}?token=${encodeURIComponent(viewerAToken)}&since=${snapshot.version + 100}`, undefined, 'future'));
    const futureWelcome = await future.joined();
    expect(futureWelcome.resume).toBe('snapshot');
    expect(futureWelcome.snapshot?.hash).toBe(snapshot.hash);
    for (const client of [fromZero, future, fresh]) client.close();
  });

  it('answers the documented errors and close codes (§2, §4)', async () => {
    const viewerToken = (viewer[0] as { token: string }).token;
    // Started first: §2's 5 s HELLO deadline runs while the rest goes on.
    const helloWithoutToken = track(await DocClient.open(wsBase, undefined, 'helloWithoutToken'));
    helloWithoutToken.send({ t: T.HELLO });

    // Role checks and argument checks, with the command id echoed.
    expect(await viewerA.command({ type: 'play' }, 'v-play')).toMatchObject({ t: T.ERROR, code: 'not-allowed', id: 'v-play' });
    expect(await viewerA.command({ type: 'pause' })).toMatchObject({ t: T.ERROR, code: 'not-allowed' });
    expect(await viewerA.command({ type: 'seek', position: 1 })).toMatchObject({ t: T.ERROR, code: 'not-allowed' });
    expect(await viewerA.command({ type: 'vote', option: 'left' })).toMatchObject({ t: T.ERROR, code: 'bad-state' }); // no open choice
    expect(await host.command({ type: 'choose', option: 'left' })).toMatchObject({ t: T.ERROR, code: 'bad-state' });
    expect(await host.command({ type: 'seek', position: 'x' })).toMatchObject({ t: T.ERROR, code: 'invalid' });
    expect(await host.command({ type: 'seek' })).toMatchObject({ t: T.ERROR, code: 'invalid' });
    expect(await host.command({ type: 'dance' }, 'dance')).toMatchObject({ t: T.ERROR, code: 'invalid', id: 'dance' }); // unknown cmd.type
    // §4's rule: the role before the state. No choice is open, yet a viewer's `choose` in a vote node is not-allowed.
    expect(await viewerA.command({ type: 'choose', option: 'left' })).toMatchObject({ t: T.ERROR, code: 'not-allowed' });

    // Malformed frames: `invalid`, no id, and the socket stays open.
    const from = viewerA.frames.length;
    const garbage: (Buffer | string)[] = [
      Buffer.from([0xc1]), // not msgpack
      pack([1, 2]), // msgpack, not a map
      pack({ t: 77 }), // unknown message type
      pack({ t: T.COMMAND, cmd: { type: 'play' } }), // no id
      pack({ t: T.COMMAND, id: 'x'.repeat(65), cmd: { type: 'play' } }), // id over 64
      pack({ t: T.TIME, c0: 'soon' }),
      'a text frame',
    ];
    for (const frame of garbage) viewerA.sendRaw(frame);
    viewerA.send({ t: T.HELLO, token: viewerToken }); // a second HELLO
    await viewerA.waitFor(() => (viewerA.frames.length - from >= garbage.length + 1 ? true : undefined), 2000, 'answers to the garbage');
    const answers = viewerA.frames.slice(from).map((r) => r.frame);
    expect(answers.slice(0, garbage.length).map((f) => [f.t, f.code, f.id])).toEqual(garbage.map(() => [T.ERROR, 'invalid', undefined]));
    expect(answers[garbage.length]).toMatchObject({ t: T.ERROR, code: 'bad-state' }); // "already joined"
    expect(await viewerA.command({ type: 'play' })).toMatchObject({ code: 'not-allowed' }); // still usable

    // HTTP commands: same codes as HTTP statuses, JSON or msgpack bodies, ids make retries safe.
    const commandsPath = `/api/rooms/${roomId}/commands`;
    const viewerPlay = await http(base, 'POST', commandsPath, viewerToken, { cmd: { type: 'play' } });
    expect(viewerPlay.status).toBe(403);
    expect(viewerPlay.body).toMatchObject({ error: { code: 'not-allowed' } });
    const msgpackVote = await fetch(`${base}${commandsPath}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${viewerToken}`, 'content-type': 'application/msgpack' },
      body: new Uint8Array(pack({ id: 'http-vote', cmd: { type: 'vote', option: 'left' } })),
    });
    expect(msgpackVote.status).toBe(409);
    expect(await msgpackVote.json()).toMatchObject({ error: { code: 'bad-state' } });
    const seekFrom = host.state.applied.length;
    const seek = await http(base, 'POST', commandsPath, hostToken, { id: 'http-seek', cmd: { type: 'seek', position: 1 } });
    expect(seek.status).toBe(200);
    expect(seek.body).toEqual({ ok: true, id: 'http-seek', version: (host.state.version as number) + 1 });
    const retry = await http(base, 'POST', commandsPath, hostToken, { id: 'http-seek', cmd: { type: 'seek', position: 3 } });
    expect(retry).toEqual(seek); // the first answer; position 3 is never applied
    const seekEvent = await host.waitEvent('timeline', seekFrom);
    expect(seekEvent.timeline).toMatchObject({ mediaAnchor: 1 });
    // Not in §1's table: what a missing or wrong credential gets.
    expect((await http(base, 'POST', commandsPath, undefined, { cmd: { type: 'play' } })).status).toBe(401);
    expect((await http(base, 'POST', '/api/rooms', 'not-the-key', { story: 'doc-client' })).status).toBe(401);
    // §1: one error body, inside the API and out.
    expect(await http(base, 'GET', '/api/rooms/no-such-room', operatorKey)).toEqual({ status: 404, body: { error: { code: 'not-found', message: expect.any(String) } } });
    expect(await http(base, 'GET', '/no-such-path')).toEqual({ status: 404, body: { error: { code: 'not-found', message: expect.any(String) } } });

    // §4: ids are remembered per token subject, across connections.
    const again = track(await DocClient.open(`${wsBase}?token=${encodeURIComponent(viewerToken)}`, undefined, 'again'));
    await again.joined();
    expect(await again.command({ type: 'vote', option: 'left' }, 'vote-a')).toEqual(firstVote);
    expect(await again.command({ type: 'vote', option: 'left' }, 'v-play')).toMatchObject({ t: T.ERROR, code: 'not-allowed', id: 'v-play' });
    // Not in the doc: a `rate-limited` answer is not remembered; the same id retried later is executed.
    for (let i = 0; i < 45; i++) again.send({ t: T.COMMAND, id: `again-${i}`, cmd: { type: 'play' } });
    await again.waitFor(() => (again.errors().length >= 46 ? true : undefined), 3000, '45 answers');
    expect(again.errors().at(-1)).toMatchObject({ code: 'rate-limited', id: 'again-44' });
    await sleep(1000);
    expect(await again.command({ type: 'play' }, 'again-44')).toMatchObject({ code: 'not-allowed' });
    again.close();

    // Rate limit: 40 burst per connection, rejected commands count too.
    const burst = track(await DocClient.open(`${wsBase}?token=${encodeURIComponent(viewerToken)}`, undefined, 'burst'));
    await burst.joined();
    for (let i = 0; i < 60; i++) burst.send({ t: T.COMMAND, id: `burst-${i}`, cmd: { type: 'vote', option: 'left' } });
    await burst.waitFor(() => (burst.errors().length >= 60 ? true : undefined), 3000, '60 answers');
    const codes = burst.errors().map((f) => f.code);
    expect(codes.filter((c) => c === 'rate-limited').length).toBeGreaterThanOrEqual(15);
    // By id, not by arrival: the socket answers rate-limited at once, while a vote
    // the limit lets through is refused by the room after its owner's vote batch.
    const codeOf = new Map(burst.errors().map((f) => [f.id, f.code]));
    expect(Array.from({ length: 35 }, (_, i) => codeOf.get(`burst-${i}`))).toEqual(Array.from({ length: 35 }, () => 'bad-state'));
    burst.close();

    // Close codes.
    const closeOf = async (client: DocClient): Promise<number> => (await client.closed).code;
    const malformedUrl = track(new DocClient(`${wsBase}?token=not-a-token`, undefined, 'malformedUrl'));
    const malformedHello = track(await DocClient.open(wsBase, undefined, 'malformedHello'));
    malformedHello.send({ t: T.HELLO, token: 'still.not-a-token' });
    const forged = track(new DocClient(`${wsBase}?token=${encodeURIComponent(tamper(viewerToken, 'signature'))}`, undefined, 'forged'));
    const promoted = track(new DocClient(`${wsBase}?token=${encodeURIComponent(tamper(viewerToken, 'claims'))}`, undefined, 'promoted'));
    const tooBig = track(await DocClient.open(wsBase, undefined, 'tooBig'));
    tooBig.sendRaw(Buffer.alloc(70 * 1024));
    const wayTooBig = track(await DocClient.open(wsBase, undefined, 'wayTooBig'));
    wayTooBig.sendRaw(Buffer.alloc(5 * 1024 * 1024));
    const sloppy = track(await DocClient.open(`${wsBase}?token=${encodeURIComponent(viewerToken)}`, undefined, 'sloppy'));
    await sloppy.joined();
    for (let i = 0; i < 60; i++) sloppy.sendRaw(Buffer.from([0xc1]));

    expect(await closeOf(malformedUrl)).toBe(4001);
    expect(await closeOf(malformedHello)).toBe(4001);
    expect(await closeOf(forged)).toBe(4003);
    expect(await closeOf(promoted)).toBe(4003); // a viewer cannot rewrite its role
    expect(await closeOf(tooBig)).toBe(1009);
    expect(await closeOf(wayTooBig)).toBe(1006);
    expect(await closeOf(sloppy)).toBe(4008);
    expect(sloppy.errors()).toHaveLength(50); // "over 50": the 51st closes
    for (const client of [malformedUrl, forged, promoted]) expect(client.frames).toEqual([]);
    // §2's deadline: a socket that never says HELLO, and one whose HELLO had no token.
    expect(await closeOf(silent)).toBe(4006);
    expect(helloWithoutToken.errors()).toEqual([expect.objectContaining({ code: 'invalid' })]);
    expect(await closeOf(helloWithoutToken)).toBe(4006);
  }, 20_000);

  it('closes the room (DELETE), its sockets with 4005, and says 1001 when the server stops (§1, §4)', async () => {
    const viewerToken = (viewer[0] as { token: string }).token;
    const from = host.state.applied.length;
    const deleted = await http(base, 'DELETE', `/api/rooms/${roomId}`, hostToken);
    expect(deleted.status).toBe(204);
    const closedEvent = await host.waitEvent('closed', from);
    expect(closedEvent.version).toBe((host.state.applied[from - 1] as RoomEvent).version + 1);
    await viewerA.waitEvent('closed', 0);
    await viewerB.waitEvent('closed', 0);
    expect(host.state.closed).toBe(true);

    const api = await http(base, 'GET', `/api/rooms/${roomId}`, operatorKey);
    expect(api.body).toMatchObject({ closed: true, version: host.state.version });
    // After the `closed` event, live sockets are closed with 4005, like new ones.
    expect((await host.closed).code).toBe(4005);
    expect((await viewerA.closed).code).toBe(4005);
    const late = track(new DocClient(`${wsBase}?token=${encodeURIComponent(viewerToken)}`, undefined, 'late'));
    expect((await late.closed).code).toBe(4005);

    // A server shutdown ends the remaining sockets with 1001.
    const bystander = track(new DocClient(`${wsBase}`, undefined, 'bystander'));
    await new Promise((r) => setTimeout(r, 200));
    await server.stop();
    expect((await bystander.closed).code).toBe(1001);
  });
});
