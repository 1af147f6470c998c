/**
 * Lit adapter: one room session (socket + clock + room model) for an element.
 * Attaches in hostConnected, tears everything down in hostDisconnected.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { HeatmapMessage, StatsMessage } from '../../engine/protocol/messages.ts';
import type { RoomCommand } from '../../engine/room/room-types.ts';
import { ClockSync } from '../clock/clock-sync.ts';
import { Session } from '../session/session.ts';
import type { CommandAck, SessionStatus } from '../session/session-types.ts';
import { applyComments, applyEvent, applyTally, modelFromSnapshot, type RoomModel } from '../sync/room-model.ts';
import type { RoomView } from './room-view.ts';

export interface RoomControllerOptions {
  /** Server origin, e.g. `http://127.0.0.1:8080` ('' = this page's origin). */
  server: string;
  token: string;
}

export class RoomController implements ReactiveController, RoomView {
  session: Session | null = null;
  clock: ClockSync | null = null;
  model: RoomModel | null = null;
  status: SessionStatus = { kind: 'connecting', attempt: 0 };
  heatmap: HeatmapMessage | null = null;
  /** Hosts only: who is connected and how hotspots do (STATS frames). */
  stats: StatsMessage | null = null;
  role = '';
  sub = '';
  /** Called after every model change (the playback controller reacts to nodes and switches). */
  onModel: (m: RoomModel) => void = () => undefined;
  readonly #abort = new AbortController();

  constructor(private readonly host: ReactiveControllerHost, private readonly options: () => RoomControllerOptions) {
    host.addController(this);
  }

  hostConnected(): void {
    const { server, token } = this.options();
    if (!token) return;
    const origin = server || location.origin;
    const wsUrl = `${origin.replace(/^http/, 'ws')}/ws`;
    const timers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as number) };
    const session = new Session({ wsUrl, token, openSocket: (url) => new WebSocket(url) as never, now: () => performance.now(), random: Math.random, ...timers });
    const clock = new ClockSync({ now: () => performance.now(), send: (c0) => session.sendTime(c0), ...timers });
    this.session = session;
    this.clock = clock;
    session.listen({
      status: (s) => { this.status = s; if (s.kind !== 'open') clock.stop(); this.host.requestUpdate(); },
      joined: () => { this.role = session.role; this.sub = session.sub; clock.start(); },
      timeReply: (c0, s1, s2, c3) => clock.onReply(c0, s1, s2, c3),
      welcome: (w) => w.snapshot && this.#set(modelFromSnapshot(w.snapshot)),
      events: (evs) => this.model && this.#set(evs.reduce(applyEvent, this.model)),
      tally: (t) => this.model && this.#set(applyTally(this.model, t)),
      comments: (c) => this.model && this.#set(applyComments(this.model, c)),
      heatmap: (h) => { this.heatmap = h; this.host.requestUpdate(); },
      stats: (s) => { this.stats = s; this.host.requestUpdate(); },
    });
    // The browser knows before TCP does: drop at once when offline, retry at once when back.
    addEventListener('offline', () => session.dropConnection('offline'), { signal: this.#abort.signal });
    addEventListener('online', () => session.reconnectNow(), { signal: this.#abort.signal });
    session.start();
  }

  hostDisconnected(): void {
    this.#abort.abort();
    this.clock?.stop();
    this.session?.stop();
  }

  command(cmd: RoomCommand): Promise<CommandAck> {
    if (!this.session) return Promise.reject(new Error('not connected'));
    return this.session.command(cmd);
  }

  /** Local optimistic changes (e.g. "you answered"). */
  update(fn: (m: RoomModel) => RoomModel): void {
    if (this.model) this.#set(fn(this.model));
  }

  #set(m: RoomModel): void {
    this.model = m;
    this.onModel(m);
    this.host.requestUpdate();
  }
}
