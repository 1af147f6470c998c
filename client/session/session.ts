/**
 * The room session: one WebSocket with msgpack frames (docs/protocol.md),
 * joined with a HELLO frame (the token stays out of URLs and access logs),
 * reconnected with backoff, resumed by version, commands matched to their
 * ACK/ERROR by id. No DOM: I/O and time are injected, so it runs on a fake clock.
 */
import { decodeServerMessage, encodeMessage } from '../../engine/protocol/codec.ts';
import { CLOSE, MSG, type ServerMessage, type WelcomeMessage } from '../../engine/protocol/messages.ts';
import type { RoomCommand, RoomEvent } from '../../engine/room/room-types.ts';
import { backoffDelay } from './backoff.ts';
import { CommandError, type CommandAck, type SessionDeps, type SessionListener, type SessionStatus, type SocketLike } from './session-types.ts';

/** Close codes after which reconnecting cannot help (§4). */
const TERMINAL: Record<number, Extract<SessionStatus, { kind: 'failed' }>['reason']> = {
  [CLOSE.UNAUTHORIZED]: 'token-invalid',
  [CLOSE.TOKEN_EXPIRED]: 'token-expired',
  [CLOSE.FORBIDDEN]: 'token-invalid',
  [CLOSE.ROOM_NOT_FOUND]: 'room-not-found',
  [CLOSE.ROOM_CLOSED]: 'room-closed',
  [CLOSE.KICKED]: 'kicked',
  [CLOSE.TOO_BIG]: 'protocol',
  [CLOSE.POLICY]: 'protocol',
};

/** A socket silent this long is dead even if the OS has not noticed (clock samples flow every 5 s). */
const SILENCE_MS = 12_000;

interface Pending {
  id: string;
  cmd: RoomCommand;
  resolve: (ack: CommandAck) => void;
  reject: (error: CommandError) => void;
}

export class Session {
  #socket: SocketLike | null = null;
  #status: SessionStatus = { kind: 'connecting', attempt: 0 };
  #attempt = 0;
  #retryTimer: unknown = null;
  #watchdog: unknown = null;
  #lastFrameAt = 0;
  #joined = false;
  #stopped = false;
  #version = -1;
  #sub = '';
  #role: WelcomeMessage['role'] | '' = '';
  #nextId = 0;
  // Distinct per page load, so ids never collide with an earlier tab of the same subject.
  readonly #idPrefix: string;
  readonly #pending = new Map<string, Pending>();
  readonly #listeners = new Set<SessionListener>();

  constructor(private readonly deps: SessionDeps) {
    this.#idPrefix = Math.floor(deps.random() * 36 ** 6).toString(36);
  }

  get status(): SessionStatus { return this.#status; }
  /** The last room version applied (-1 before the first WELCOME). */
  get version(): number { return this.#version; }
  get sub(): string { return this.#sub; }
  get role(): string { return this.#role; }
  get joined(): boolean { return this.#joined; }

  listen(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.#stopped = false;
    this.#connect();
  }

  /** Closes for good; pending commands fail with `disconnected`. */
  stop(): void {
    this.#stopped = true;
    this.#clearTimers();
    this.#socket?.close(CLOSE.NORMAL, 'bye');
    this.#detach();
    for (const p of this.#pending.values()) p.reject(new CommandError('disconnected', 'session stopped', p.cmd));
    this.#pending.clear();
  }

  /**
   * The network is back (browser `online`): skip the rest of the backoff wait.
   * An attempt still connecting began while the network was gone, and may hang
   * until its own timeout: abandon it and connect afresh.
   */
  reconnectNow(): void {
    if (this.#stopped) return;
    if (this.#status.kind === 'connecting' && this.#socket) {
      const stale = this.#socket;
      this.#detach();
      stale.close(CLOSE.NORMAL, 'network back');
    } else if (this.#status.kind !== 'reconnecting') {
      return;
    }
    this.deps.clearTimeout(this.#retryTimer);
    this.#connect();
  }

  /** The network is gone (browser `offline`): do not wait for TCP to notice. */
  dropConnection(reason = 'offline'): void {
    if (this.#stopped || !this.#socket) return;
    const socket = this.#socket;
    this.#detach();
    socket.close(CLOSE.NORMAL, reason);
    this.#lost(reason);
  }

  /** Sends a clock sample (allowed before joining). */
  sendTime(c0: number): boolean {
    return this.#send({ t: MSG.TIME, c0 });
  }

  /**
   * Sends a command; resolves on ACK, rejects with CommandError on ERROR.
   * Commands issued while disconnected wait and are sent (with the same id,
   * so the server answers a duplicate instead of applying it twice) on rejoin.
   */
  command(cmd: RoomCommand): Promise<CommandAck> {
    const id = `${this.#idPrefix}-${++this.#nextId}`;
    if (this.#stopped) return Promise.reject(new CommandError('disconnected', this.#status.kind === 'failed' ? this.#status.reason : 'session stopped', cmd));
    return new Promise<CommandAck>((resolve, reject) => {
      this.#pending.set(id, { id, cmd, resolve, reject });
      if (this.#joined) this.#send({ t: MSG.COMMAND, id, cmd });
    });
  }

  #connect(): void {
    this.#setStatus({ kind: 'connecting', attempt: this.#attempt });
    const socket = this.deps.openSocket(this.deps.wsUrl);
    this.#socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      this.#lastFrameAt = this.deps.now();
      this.#send({ t: MSG.HELLO, token: this.deps.token, ...(this.#version >= 0 ? { since: this.#version } : {}) });
      this.#armWatchdog();
    };
    socket.onmessage = (ev) => this.#onFrame(ev.data);
    socket.onerror = () => undefined; // onclose follows and decides
    socket.onclose = (ev) => {
      this.#detach();
      const terminal = TERMINAL[ev.code];
      if (terminal) {
        this.#stopped = true;
        this.#clearTimers();
        for (const p of this.#pending.values()) p.reject(new CommandError('disconnected', terminal, p.cmd));
        this.#pending.clear();
        this.#setStatus({ kind: 'failed', reason: terminal, code: ev.code });
        return;
      }
      this.#lost(`closed ${ev.code}`);
    };
  }

  #lost(reason: string): void {
    this.#joined = false;
    if (this.#stopped) return;
    this.#clearTimers();
    const delay = backoffDelay(this.#attempt, this.deps.random);
    this.#attempt++;
    this.#setStatus({ kind: 'reconnecting', attempt: this.#attempt, retryAt: this.deps.now() + delay, reason });
    this.#retryTimer = this.deps.setTimeout(() => this.#connect(), delay);
  }

  #onFrame(data: unknown): void {
    this.#lastFrameAt = this.deps.now();
    let msg: ServerMessage;
    try {
      msg = decodeServerMessage(data instanceof ArrayBuffer ? new Uint8Array(data) : (data as Uint8Array));
    } catch {
      return; // a garbled frame is not worth dying for; the version check catches real loss
    }
    switch (msg.t) {
      case MSG.WELCOME: return this.#onWelcome(msg);
      case MSG.EVENTS: return this.#onEvents(msg.events);
      case MSG.TIME_REPLY: return this.#emit((l) => l.timeReply?.(msg.c0, msg.s1, msg.s2, this.deps.now()));
      case MSG.ACK: {
        const p = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        p?.resolve({ id: msg.id, version: msg.version, ...(msg.data ? { data: msg.data } : {}) });
        return;
      }
      case MSG.ERROR: {
        const p = msg.id === undefined ? undefined : this.#pending.get(msg.id);
        if (!p) return;
        this.#pending.delete(p.id);
        p.reject(new CommandError(msg.code, msg.message, p.cmd));
        return;
      }
      case MSG.TALLY: return this.#emit((l) => l.tally?.(msg));
      case MSG.HEATMAP: return this.#emit((l) => l.heatmap?.(msg));
      case MSG.STATS: return this.#emit((l) => l.stats?.(msg));
      case MSG.COMMENTS: return this.#emit((l) => l.comments?.(msg));
      default: return; // unknown types are ignored (§2)
    }
  }

  #onWelcome(msg: WelcomeMessage): void {
    this.#sub = msg.sub;
    this.#role = msg.role;
    if (msg.resume === 'events' && msg.events) {
      this.#onEvents(msg.events);
      this.#version = Math.max(this.#version, msg.version);
    } else {
      this.#version = msg.version;
      this.#emit((l) => l.welcome?.(msg));
    }
    this.#joined = true;
    this.#attempt = 0;
    this.#setStatus({ kind: 'open' });
    for (const p of this.#pending.values()) this.#send({ t: MSG.COMMAND, id: p.id, cmd: p.cmd });
    this.#emit((l) => l.joined?.());
  }

  /** §6: drop what we hold, apply in order, and resume from our version on a gap. */
  #onEvents(events: RoomEvent[]): void {
    const fresh: RoomEvent[] = [];
    for (const ev of events) {
      if (ev.version <= this.#version) continue;
      if (ev.version > this.#version + 1) {
        if (fresh.length) this.#emit((l) => l.events?.(fresh));
        this.dropConnection('gap');
        this.reconnectNow();
        return;
      }
      fresh.push(ev);
      this.#version = ev.version;
    }
    if (fresh.length) this.#emit((l) => l.events?.(fresh));
  }

  #armWatchdog(): void {
    this.deps.clearTimeout(this.#watchdog);
    this.#watchdog = this.deps.setTimeout(() => {
      if (!this.#socket) return;
      if (this.deps.now() - this.#lastFrameAt > SILENCE_MS) return this.dropConnection('silent');
      this.#armWatchdog();
    }, SILENCE_MS / 3);
  }

  #send(msg: Parameters<typeof encodeMessage>[0]): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== 1) return false;
    socket.send(encodeMessage(msg));
    return true;
  }

  #detach(): void {
    const socket = this.#socket;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    // Not null: closing a socket that is still connecting makes `ws` report an error
    // afterwards, and with no listener left it throws that error out of the process.
    socket.onerror = () => undefined;
    this.#socket = null;
    this.#joined = false;
    this.deps.clearTimeout(this.#watchdog);
  }

  #clearTimers(): void {
    this.deps.clearTimeout(this.#retryTimer);
    this.deps.clearTimeout(this.#watchdog);
  }

  #setStatus(status: SessionStatus): void {
    this.#status = status;
    this.#emit((l) => l.status?.(status));
  }

  #emit(fn: (l: SessionListener) => void): void {
    for (const l of this.#listeners) fn(l);
  }
}
