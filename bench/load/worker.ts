/**
 * A load worker: holds a share of the viewers, counts what they receive and
 * measures latencies, and drives votes when asked. Forked by pool.ts and
 * driven over IPC; every loop here is bounded in count and time.
 */
import { pack, unpack } from 'msgpackr';
import { openSocket, type ClientSocket } from './client-socket.ts';
import { epochMs, Histogram, stampLatencyMs } from './histogram.ts';
import type { JoinReply, StatsReply, WorkerReply, WorkerRequest } from './protocol.ts';

interface Viewer {
  socket: ClientSocket;
  joined: boolean;
  /** Ids of this viewer's unacknowledged votes. */
  inFlight: number;
}

/** Events are also counted per 10 ms of receive time, so the parent can count exactly those received inside its window (a busy worker answers IPC late). */
const TICK_MS = 10;
const viewers: Viewer[] = [];
const sentAt = new Map<string, { at: number; viewer: Viewer }>();
let counters = freshCounters();
let voting: { deadline: number; remaining: number; window: number; options: string[]; done: () => void } | undefined;
let nextVote = 0;

function freshCounters(): { events: number; frames: number; tallies: number; acks: number; errors: number; closed: number; latency: Histogram; ackLatency: Histogram; cpu: NodeJS.CpuUsage; start: number; eventsByTick: Map<number, number> } {
  return { eventsByTick: new Map(), events: 0, frames: 0, tallies: 0, acks: 0, errors: 0, closed: 0, latency: new Histogram(), ackLatency: new Histogram(), cpu: process.cpuUsage(), start: epochMs() };
}

interface Frame {
  t?: number;
  id?: string;
  events?: Array<{ type?: string; timeline?: { mediaAnchor?: number } }>;
}

function onFrame(viewer: Viewer, data: Uint8Array, onWelcome: () => void): void {
  const now = epochMs();
  const frame = unpack(data) as Frame;
  counters.frames += 1;
  switch (frame.t) {
    case 100:
      if (!viewer.joined) {
        viewer.joined = true;
        onWelcome();
      }
      return;
    case 101:
      for (const event of frame.events ?? []) {
        if (event.type !== 'timeline' || typeof event.timeline?.mediaAnchor !== 'number') continue;
        counters.events += 1;
        counters.latency.record(stampLatencyMs(event.timeline.mediaAnchor, now));
        const tick = Math.floor(now / TICK_MS);
        counters.eventsByTick.set(tick, (counters.eventsByTick.get(tick) ?? 0) + 1);
      }
      return;
    case 105:
      counters.tallies += 1;
      return;
    case 103:
    case 104: {
      if (frame.t === 103) counters.acks += 1;
      else counters.errors += 1;
      const sent = frame.id === undefined ? undefined : sentAt.get(frame.id);
      if (!sent || frame.id === undefined) return;
      sentAt.delete(frame.id);
      sent.viewer.inFlight -= 1;
      if (frame.t === 103) counters.ackLatency.record(now - sent.at);
      sendVotes(sent.viewer);
      return;
    }
    default:
  }
}

/** Tops the viewer's window of unacknowledged votes up, while the vote run lasts. */
function sendVotes(viewer: Viewer): void {
  const run = voting;
  if (!run) return;
  if (run.remaining <= 0 || epochMs() >= run.deadline) {
    if (sentAt.size === 0) finishVoting();
    return;
  }
  while (viewer.inFlight < run.window && run.remaining > 0) {
    const id = `v${process.pid}-${(nextVote += 1)}`;
    const option = run.options[nextVote % run.options.length] ?? 'a';
    viewer.inFlight += 1;
    run.remaining -= 1;
    sentAt.set(id, { at: epochMs(), viewer });
    viewer.socket.send(pack({ t: 3, id, cmd: { type: 'vote', option } }));
  }
}

function finishVoting(): void {
  const run = voting;
  voting = undefined;
  run?.done();
}

function join(request: Extract<WorkerRequest, { op: 'join' }>): Promise<JoinReply> {
  const latency = new Histogram();
  const failures: string[] = [];
  let joined = 0;
  let failed = 0;
  let started = 0;
  let lastWelcome = 0;
  const firstStart = epochMs();
  return new Promise((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      resolve({ joined, failed, failures: failures.slice(0, 5), latency: latency.sparse(), firstStart, lastWelcome });
    };
    const timer = setTimeout(() => {
      failed += request.tokens.length - joined - failed;
      failures.push(`timeout after ${request.timeoutMs} ms`);
      finish();
    }, request.timeoutMs);
    const settle = (): void => {
      if (joined + failed === request.tokens.length) finish();
      else if (started < request.tokens.length) startOne();
    };
    const startOne = (): void => {
      const token = request.tokens[started];
      started += 1;
      if (token === undefined) return;
      const t0 = epochMs();
      let settled = false;
      const viewer: Viewer = {
        joined: false,
        inFlight: 0,
        socket: openSocket(request.url, token, request.transport, {
          onFrame: (data) =>
            onFrame(viewer, data, () => {
              if (settled) return;
              settled = true;
              joined += 1;
              lastWelcome = epochMs();
              latency.record(lastWelcome - t0);
              settle();
            }),
          onClose: (reason) => {
            counters.closed += 1;
            if (settled) return;
            settled = true;
            failed += 1;
            failures.push(reason);
            settle();
          },
        }),
      };
      viewers.push(viewer);
    };
    if (request.tokens.length === 0) finish();
    for (let i = 0; i < Math.min(request.concurrency, request.tokens.length); i += 1) startOne();
  });
}

function stats(): StatsReply {
  const cpu = process.cpuUsage(counters.cpu);
  return {
    events: counters.events,
    frames: counters.frames,
    tallies: counters.tallies,
    acks: counters.acks,
    errors: counters.errors,
    closed: counters.closed,
    latency: counters.latency.sparse(),
    ackLatency: counters.ackLatency.sparse(),
    eventsByTick: [...counters.eventsByTick].map(([tick, n]) => [tick * TICK_MS, n]),
    cpuMs: (cpu.user + cpu.system) / 1000,
    elapsedMs: epochMs() - counters.start,
  };
}

async function handle(request: WorkerRequest): Promise<Partial<JoinReply & StatsReply>> {
  switch (request.op) {
    case 'join':
      return join(request);
    case 'reset':
      counters = freshCounters();
      return {};
    case 'stats':
      return stats();
    case 'vote':
      return new Promise((resolve) => {
        const guard = setTimeout(finishVoting, request.durationMs + 5000); // acks that never come must not hang the run
        voting = {
          deadline: epochMs() + request.durationMs,
          remaining: request.maxVotes,
          window: request.window,
          options: request.options,
          done: () => {
            clearTimeout(guard);
            sentAt.clear();
            resolve(stats());
          },
        };
        const joined = viewers.filter((v) => v.joined);
        if (joined.length === 0) finishVoting();
        for (const viewer of joined) sendVotes(viewer);
        // A deadline with nothing in flight is noticed by this timer, not by an ack.
        setTimeout(() => {
          if (voting && sentAt.size === 0) finishVoting();
        }, request.durationMs + 10);
      });
    case 'close':
      for (const viewer of viewers) viewer.socket.close();
      viewers.length = 0;
      return {};
  }
}

process.on('message', (message: WorkerRequest & { rid: number }) => {
  handle(message).then(
    (reply) => process.send?.({ rid: message.rid, ...reply } satisfies WorkerReply),
    (error: unknown) => process.send?.({ rid: message.rid, error: String(error) } satisfies WorkerReply),
  );
});
process.on('disconnect', () => process.exit(0));
