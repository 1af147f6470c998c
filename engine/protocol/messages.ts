import type { RoomCommand, RoomEvent, ErrorCode, Role, QuizResults } from '../room/room-types.ts';
import type { RoomSnapshot } from '../room/room-snapshot.ts';

/**
 * Wire message types: small integers, the `t` field of every msgpack map.
 * Client → server are 1..99, server → client 100..199. docs/protocol.md is the reference.
 */
export const MSG = {
  HELLO: 1,
  TIME: 2,
  COMMAND: 3,
  WELCOME: 100,
  EVENTS: 101,
  TIME_REPLY: 102,
  ACK: 103,
  ERROR: 104,
  TALLY: 105,
  HEATMAP: 106,
  COMMENTS: 107,
  STATS: 108,
} as const;

/** First frame when the token is not in the URL; `since` resumes from a known version. */
export interface HelloMessage {
  t: typeof MSG.HELLO;
  token?: string;
  since?: number;
}

/** NTP-style clock sample: the client's send time, in its own clock (any unit, echoed back). */
export interface TimeMessage {
  t: typeof MSG.TIME;
  c0: number;
}

/** A command with a client-chosen id; a retry with the same id is answered, not re-applied. */
export interface CommandMessage {
  t: typeof MSG.COMMAND;
  id: string;
  cmd: RoomCommand;
}

export type ClientMessage = HelloMessage | TimeMessage | CommandMessage;

/** Joined: either a full snapshot, or (on resume) exactly the events missed since `since`. */
export interface WelcomeMessage {
  t: typeof MSG.WELCOME;
  room: string;
  role: Role;
  sub: string;
  /** Server time (epoch ms) when this frame was sent. */
  now: number;
  version: number;
  resume: 'snapshot' | 'events';
  snapshot?: RoomSnapshot;
  events?: RoomEvent[];
  /** This subject's running quiz score. */
  score: number;
}

/** Versioned state changes, in version order, batched per server tick. */
export interface EventsMessage {
  t: typeof MSG.EVENTS;
  events: RoomEvent[];
}

/** Reply to TIME: c0 echoed, s1 server receive time, s2 server send time (epoch ms). */
export interface TimeReplyMessage {
  t: typeof MSG.TIME_REPLY;
  c0: number;
  s1: number;
  s2: number;
}

/** The command with this id was accepted (and is durable); `version` is the room version after it. */
export interface AckMessage {
  t: typeof MSG.ACK;
  id: string;
  version: number;
  /** What only the sender gets, e.g. `{code, campaign}` for a coupon claim. */
  data?: Record<string, unknown>;
}

/** A typed error; `id` names the command it answers, if any. */
export interface ErrorMessage {
  t: typeof MSG.ERROR;
  id?: string;
  code: ErrorCode;
  message: string;
}

/** Live tally of the open vote: at most 10 a second, not versioned; the exact final counts come in the `switch` event. */
export interface TallyMessage {
  t: typeof MSG.TALLY;
  node: string;
  counts: Record<string, number>;
  total: number;
}

/** Live quiz results for hosts (the heatmap), at most 4 a second; the final results come in the `quiz-close` event. */
export interface HeatmapMessage {
  t: typeof MSG.HEATMAP;
  quizzes: QuizResults[];
}

/** Comments of a node in a window of media time: sent after WELCOME and after every seek. */
export interface CommentsMessage {
  t: typeof MSG.COMMENTS;
  node: string;
  from: number;
  to: number;
  comments: Array<{ id: string; sub: string; at: number; text: string; t: number }>;
}

/** Audience counters for hosts: on join, then at most once a second while they change. */
export interface StatsMessage {
  t: typeof MSG.STATS;
  /** Connections present now (joins minus leaves, every node of a cluster). */
  present: number;
  hotspots: Array<{ hotspot: string; impressions: number; clicks: number; claims: number }>;
}

export type ServerMessage = WelcomeMessage | EventsMessage | TimeReplyMessage | AckMessage | ErrorMessage | TallyMessage | HeatmapMessage | CommentsMessage | StatsMessage;

/** WebSocket close codes (4000-4999 are the application's). */
export const CLOSE = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  /** A frame over 64 KiB (frames over 4 MiB are cut off without a close frame: 1006). */
  TOO_BIG: 1009,
  UNAUTHORIZED: 4001,
  TOKEN_EXPIRED: 4002,
  FORBIDDEN: 4003,
  ROOM_NOT_FOUND: 4004,
  ROOM_CLOSED: 4005,
  HELLO_TIMEOUT: 4006,
  POLICY: 4008,
  /** A host kicked this token's subject out of the room: every later join with it is refused the same way. */
  KICKED: 4009,
  SLOW_CONSUMER: 4010,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];
