/** Messages between the load coordinator (pool.ts) and its workers (worker.ts). */
import type { Transport } from './client-socket.ts';

export type WorkerRequest =
  | { op: 'join'; url: string; transport: Transport; tokens: string[]; concurrency: number; timeoutMs: number }
  | { op: 'reset' }
  | { op: 'stats' }
  | { op: 'vote'; window: number; durationMs: number; maxVotes: number; options: string[] }
  | { op: 'close' };

export interface JoinReply {
  joined: number;
  failed: number;
  failures: string[];
  latency: Array<[number, number]>;
  firstStart: number;
  lastWelcome: number;
}

export interface StatsReply {
  /** Broadcast events (`timeline`) received. */
  events: number;
  frames: number;
  tallies: number;
  acks: number;
  errors: number;
  closed: number;
  /** Send-to-receive latency of broadcast events. */
  latency: Array<[number, number]>;
  /** Send-to-ACK latency of votes. */
  ackLatency: Array<[number, number]>;
  /** [epoch ms at the start of a 10 ms slot, events received in it]. */
  eventsByTick: Array<[number, number]>;
  /** This worker's CPU time since the last reset. */
  cpuMs: number;
  elapsedMs: number;
}

export type WorkerReply = { rid: number; error?: string } & Partial<JoinReply & StatsReply>;
