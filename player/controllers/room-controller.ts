/**
 * Lit adapter: one room for an element, through the client SDK's
 * RoomConnection (client/room-connection.ts: socket, join, resume, clock,
 * commands), folded into the player's room model. Attaches in hostConnected,
 * tears everything down in hostDisconnected.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { HeatmapMessage, StatsMessage } from '../../engine/protocol/messages.ts';
import type { RoomCommand } from '../../engine/room/room-types.ts';
import type { ClockSync } from '../../client/clock/clock-sync.ts';
import { RoomConnection } from '../../client/room-connection.ts';
import type { Session } from '../../client/session/session.ts';
import type { CommandAck, SessionStatus } from '../../client/session/session-types.ts';
import { withoutRemoved } from './removed-comments.ts';
import { applyComments, applyEvent, applyTally, modelFromSnapshot, type RoomModel } from '../sync/room-model.ts';
import type { RoomView } from './room-view.ts';

export interface RoomControllerOptions {
  /** Server origin, e.g. `http://127.0.0.1:8080` ('' = this page's origin). */
  server: string;
  token: string;
}

export class RoomController implements ReactiveController, RoomView {
  connection: RoomConnection | null = null;
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

  get session(): Session | null { return this.connection?.session ?? null; }
  get clock(): ClockSync | null { return this.connection?.clock ?? null; }

  hostConnected(): void {
    const { server, token } = this.options();
    if (!token) return;
    const connection = new RoomConnection({ server: server || location.origin, token, openSocket: (url) => new WebSocket(url) as never });
    this.connection = connection;
    connection.on('status', (s) => { this.status = s; this.host.requestUpdate(); });
    connection.on('joined', (info) => { this.role = info.role; this.sub = info.sub; });
    connection.on('welcome', (w) => w.snapshot && this.#set(modelFromSnapshot(w.snapshot)));
    // A frame's events fold at once, so the playback controller never reacts to a state halfway through a batch.
    connection.on('events', (evs) => this.model && this.#set(withoutRemoved(evs.reduce(applyEvent, this.model), evs)));
    connection.on('tally', (t) => this.model && this.#set(applyTally(this.model, t)));
    connection.on('comments', (c) => this.model && this.#set(applyComments(this.model, c)));
    connection.on('heatmap', (h) => { this.heatmap = h; this.host.requestUpdate(); });
    connection.on('stats', (s) => { this.stats = s; this.host.requestUpdate(); });
    // The browser knows before TCP does: drop at once when offline, retry at once when back.
    addEventListener('offline', () => connection.session.dropConnection('offline'), { signal: this.#abort.signal });
    addEventListener('online', () => connection.session.reconnectNow(), { signal: this.#abort.signal });
    // A failed join shows as the 'failed' status; nothing else to do with the rejection here.
    connection.start().catch(() => undefined);
  }

  hostDisconnected(): void {
    this.#abort.abort();
    this.connection?.close();
  }

  command(cmd: RoomCommand): Promise<CommandAck> {
    if (!this.connection) return Promise.reject(new Error('not connected'));
    return this.connection.command(cmd);
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
