import type { AckMessage, CommentsMessage, HeatmapMessage, StatsMessage, TallyMessage, WelcomeMessage } from '../../engine/protocol/messages.ts';
import type { ErrorCode, RoomCommand, RoomEvent } from '../../engine/room/room-types.ts';

/** What the UI shows about the connection. */
export type SessionStatus =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open' }
  /** Lost; the next attempt is at `retryAt` (session clock, ms). */
  | { kind: 'reconnecting'; attempt: number; retryAt: number; reason: string }
  /** Will not reconnect: the room is gone or the token is unusable. */
  | { kind: 'failed'; reason: 'room-closed' | 'room-not-found' | 'token-expired' | 'token-invalid' | 'kicked' | 'protocol'; code: number };

/** The minimal browser/`ws` WebSocket surface the session uses. */
export interface SocketLike {
  binaryType: string;
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** Injected I/O and time, so the session runs on a fake clock in tests. */
export interface SessionDeps {
  /** `ws://host:port/ws` (no query). */
  wsUrl: string;
  token: string;
  openSocket: (url: string) => SocketLike;
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  random: () => number;
}

/** Callbacks; every one is optional. */
export interface SessionListener {
  status?(status: SessionStatus): void;
  /** A fresh snapshot (join, or a resume the server could not answer with events). */
  welcome?(welcome: WelcomeMessage): void;
  /** Versioned events in order, deduplicated, without gaps. */
  events?(events: RoomEvent[]): void;
  tally?(tally: TallyMessage): void;
  heatmap?(heatmap: HeatmapMessage): void;
  /** Hosts only: connections present and hotspot counters. */
  stats?(stats: StatsMessage): void;
  comments?(comments: CommentsMessage): void;
  timeReply?(c0: number, s1: number, s2: number, c3: number): void;
  /** The socket is open and joined: a good moment to sample the clock. */
  joined?(): void;
}

/** A command the server refused; `code` is the protocol's error code. */
export class CommandError extends Error {
  constructor(
    readonly code: ErrorCode | 'disconnected',
    message: string,
    readonly command: RoomCommand,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export type CommandAck = Pick<AckMessage, 'id' | 'version' | 'data'>;
