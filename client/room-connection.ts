/**
 * One room, joined: the session (socket, join, resume, commands) and the
 * clock (server-time estimate) composed once, with typed listeners. The web
 * player's RoomController and a Node bot both drive a room through this, so
 * the protocol is implemented in one place (docs/protocol.md).
 *
 * I/O is injected (`openSocket`, timers, the clock): the browser passes its
 * WebSocket, Node gets one from connect-room.ts, tests may pass fakes.
 */
import type { CommentsMessage, HeatmapMessage, StatsMessage, TallyMessage, WelcomeMessage } from '../engine/protocol/messages.ts';
import type { RoomSnapshot } from '../engine/room/room-snapshot.ts';
import type { RoomCommand, RoomEvent } from '../engine/room/room-types.ts';
import { ClockSync } from './clock/clock-sync.ts';
import { Session } from './session/session.ts';
import type { CommandAck, SessionStatus, SocketLike } from './session/session-types.ts';

type FailedStatus = Extract<SessionStatus, { kind: 'failed' }>;

/**
 * The room could not be joined and retrying cannot help: a bad or expired
 * token, an unknown or closed room; or `closed`: the caller closed the
 * connection before it joined (code 1000).
 */
export class JoinError extends Error {
  constructor(
    readonly reason: FailedStatus['reason'] | 'closed',
    /** The WebSocket close code (docs/protocol.md §4). */
    readonly code: number,
  ) {
    super(`cannot join the room: ${reason} (close code ${code})`);
    this.name = 'JoinError';
  }
}

/** What a joined connection knows about itself (from the last WELCOME). */
export interface JoinInfo {
  room: string;
  role: WelcomeMessage['role'];
  /** The viewer id (the token's `sub`). */
  sub: string;
  /** The room version when joined. */
  version: number;
}

/** Every typed event a connection emits, by name. */
export interface RoomConnectionEvents {
  status: SessionStatus;
  /** A fresh snapshot: the first join, or a resume the server answered with a snapshot. */
  welcome: WelcomeMessage;
  /** Joined (first time or after a resume): commands flow from now on. */
  joined: JoinInfo;
  /** One versioned room event, in order, deduplicated, without gaps (§6). */
  event: RoomEvent;
  /** The same events, a frame's worth at a time (after each `event` of the batch was emitted), for state that folds them at once. */
  events: readonly RoomEvent[];
  tally: TallyMessage;
  heatmap: HeatmapMessage;
  stats: StatsMessage;
  comments: CommentsMessage;
}

export type RoomConnectionListener<K extends keyof RoomConnectionEvents> = (payload: RoomConnectionEvents[K]) => void;

export interface RoomConnectionOptions {
  /** The server's base URL (`http://host:port`, the same as the API's), or its WebSocket endpoint (`ws://host:port/ws`). */
  server: string;
  /** A host or viewer token for the room (`POST /api/rooms` or `/viewers`). */
  token: string;
  openSocket: (url: string) => SocketLike;
  /** A monotonic clock in ms. Default: `performance.now`. */
  now?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  random?: () => number;
}

/**
 * The room socket's URL: a WebSocket URL is used as given; an HTTP base gets
 * `/ws` after its path (`https://h/branchcast` → `wss://h/branchcast/ws`), the
 * way the API's paths go after it. Any query is dropped: the token travels in
 * HELLO, not in URLs that access logs keep.
 */
export function roomSocketUrl(server: string): string {
  const url = new URL(server);
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/ws`;
  }
  url.search = '';
  url.hash = '';
  return url.toString();
}

export class RoomConnection {
  readonly session: Session;
  readonly clock: ClockSync;
  #snapshot: RoomSnapshot | null = null;
  #joinInfo: JoinInfo | null = null;
  #started: Promise<JoinInfo> | null = null;
  /** Rejects the pending start() when close() comes before the first WELCOME. */
  #abortJoin: (() => void) | undefined = undefined;
  readonly #listeners = new Map<keyof RoomConnectionEvents, Set<(payload: never) => void>>();

  constructor(options: RoomConnectionOptions) {
    const now = options.now ?? (() => performance.now());
    const timers = {
      setTimeout: options.setTimeout ?? ((fn: () => void, ms: number) => setTimeout(fn, ms)),
      clearTimeout: options.clearTimeout ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>)),
    };
    const session = new Session({ wsUrl: roomSocketUrl(options.server), token: options.token, openSocket: options.openSocket, now, random: options.random ?? Math.random, ...timers });
    const clock = new ClockSync({ now, send: (c0) => session.sendTime(c0), ...timers });
    this.session = session;
    this.clock = clock;
    session.listen({
      status: (status) => {
        if (status.kind !== 'open') clock.stop();
        this.#emit('status', status);
      },
      welcome: (welcome) => {
        if (welcome.snapshot) this.#snapshot = welcome.snapshot;
        this.#emit('welcome', welcome);
      },
      joined: () => {
        clock.start();
        this.#joinInfo = { room: this.#snapshot?.room ?? '', role: session.role as JoinInfo['role'], sub: session.sub, version: session.version };
        this.#emit('joined', this.#joinInfo);
      },
      timeReply: (c0, s1, s2, c3) => clock.onReply(c0, s1, s2, c3),
      events: (events) => {
        for (const event of events) this.#emit('event', event);
        this.#emit('events', events);
      },
      tally: (tally) => this.#emit('tally', tally),
      heatmap: (heatmap) => this.#emit('heatmap', heatmap),
      stats: (stats) => this.#emit('stats', stats),
      comments: (comments) => this.#emit('comments', comments),
    });
  }

  get status(): SessionStatus { return this.session.status; }
  /** The snapshot of the last WELCOME that carried one (null before joining). Events after it come as `event`. */
  get snapshot(): RoomSnapshot | null { return this.#snapshot; }
  /** Who this connection joined as (null before the first WELCOME). */
  get joinInfo(): JoinInfo | null { return this.#joinInfo; }
  /** The last room version applied. */
  get version(): number { return this.session.version; }

  /** Listens to one kind of event; returns the function that stops listening. */
  on<K extends keyof RoomConnectionEvents>(name: K, listener: RoomConnectionListener<K>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  /** Opens the socket and joins; resolves on the first WELCOME, rejects if the session fails for good first. Once only: later calls get the same promise. */
  start(): Promise<JoinInfo> {
    if (this.#started) return this.#started;
    const joined = new Promise<JoinInfo>((resolve, reject) => {
      const settle = (): void => {
        stopJoined();
        stopStatus();
        this.#abortJoin = undefined;
      };
      const stopJoined = this.on('joined', (info) => { settle(); resolve(info); });
      const stopStatus = this.on('status', (status) => {
        if (status.kind !== 'failed') return;
        settle();
        reject(new JoinError(status.reason, status.code));
      });
      // close() before the first WELCOME: nothing will join any more, so say so instead of never settling.
      this.#abortJoin = () => {
        settle();
        reject(new JoinError('closed', 1000));
      };
    });
    this.#started = joined;
    this.session.start();
    return joined;
  }

  /**
   * Sends a command; resolves on ACK (with `data`, e.g. a coupon code), rejects
   * with a CommandError carrying the protocol's code. A command still unanswered
   * when the socket drops is resent after the rejoin with the same id, so the
   * server answers it once.
   */
  command(cmd: RoomCommand): Promise<CommandAck> {
    return this.session.command(cmd);
  }

  /** Server time (epoch ms) now, by the clock estimate (`clock.ready` says whether it has one). */
  serverNow(): number {
    return this.clock.serverNow();
  }

  /** Leaves the room for good: closes the socket and stops every timer. */
  close(): void {
    this.clock.stop();
    this.session.stop();
    this.#abortJoin?.();
  }

  #emit<K extends keyof RoomConnectionEvents>(name: K, payload: RoomConnectionEvents[K]): void {
    for (const listener of this.#listeners.get(name) ?? []) (listener as RoomConnectionListener<K>)(payload);
  }
}
