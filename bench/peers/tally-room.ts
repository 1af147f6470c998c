/**
 * The in-memory room every peer runs: the same job as a branchcast room for
 * the benchmark scenarios, with the same frame shapes (docs/protocol.md), so
 * one load generator drives every system. `seek` from anyone becomes a
 * `timeline` event for everyone; `vote` moves the sender's vote, is acked at
 * once (nothing is durable here) and schedules a TALLY at most 10 per second.
 */
import { pack } from 'msgpackr';

export interface RoomOutput {
  /** Sends one frame to every member of the room. */
  publish(frame: Uint8Array): void;
}

export const OPTIONS = ['a', 'b', 'c'] as const;
const TALLY_INTERVAL_MS = 100;

export class TallyRoom {
  private version = 0;
  private readonly votes = new Map<string, string>();
  private readonly counts: Record<string, number> = { a: 0, b: 0, c: 0 };
  private outbox: unknown[] = [];
  private flushScheduled = false;
  private tallyTimer: NodeJS.Timeout | undefined;

  /** `batch`: gather one event-loop turn's events into one publish (uws-raw); otherwise publish each event at once (the plain way). */
  constructor(readonly id: string, private readonly out: RoomOutput, private readonly batch: boolean) {}

  welcome(sub: string): Uint8Array {
    return pack({ t: 100, room: this.id, role: 'viewer', sub, now: Date.now(), version: this.version, resume: 'snapshot', snapshot: { version: this.version, counts: this.counts } });
  }

  /** Handles one client frame; returns the direct reply, if any. */
  receive(sub: string, msg: { t?: unknown; id?: unknown; cmd?: { type?: unknown; option?: unknown; position?: unknown } }): Uint8Array | undefined {
    if (msg.t !== 3 || typeof msg.id !== 'string' || !msg.cmd) return pack({ t: 104, code: 'invalid', message: 'not a command' });
    const answer = this.command(sub, msg.cmd);
    return answer.ok ? pack({ t: 103, id: msg.id, version: this.version }) : pack({ t: 104, id: msg.id, code: 'invalid', message: answer.message });
  }

  /** Applies a command (WebSocket or HTTP). */
  command(sub: string, cmd: { type?: unknown; option?: unknown; position?: unknown }): { ok: true } | { ok: false; message: string } {
    if (cmd.type === 'vote' && typeof cmd.option === 'string' && cmd.option in this.counts) {
      const previous = this.votes.get(sub);
      if (previous === cmd.option) return { ok: true }; // no change, no TALLY (as branchcast)
      if (previous !== undefined) this.counts[previous] = (this.counts[previous] ?? 1) - 1;
      this.votes.set(sub, cmd.option);
      this.counts[cmd.option] = (this.counts[cmd.option] ?? 0) + 1;
      this.tallyTimer ??= setTimeout(() => this.publishTally(), TALLY_INTERVAL_MS);
      return { ok: true };
    }
    if (cmd.type === 'seek' && typeof cmd.position === 'number') {
      this.version += 1;
      this.emit({ type: 'timeline', version: this.version, timeline: { node: 'hall', mediaAnchor: cmd.position, serverAnchor: Date.now(), rate: 1, playing: false } });
      return { ok: true };
    }
    return { ok: false, message: 'unknown command' };
  }

  close(): void {
    clearTimeout(this.tallyTimer);
  }

  private emit(event: unknown): void {
    if (!this.batch) {
      this.out.publish(pack({ t: 101, events: [event] }));
      return;
    }
    this.outbox.push(event);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const events = this.outbox;
      this.outbox = [];
      this.out.publish(pack({ t: 101, events }));
    });
  }

  private publishTally(): void {
    this.tallyTimer = undefined;
    const total = Object.values(this.counts).reduce((a, b) => a + b, 0);
    this.out.publish(pack({ t: 105, node: 'hall', counts: { ...this.counts }, total }));
  }
}

/** Peer tokens are `room~sub`: no signing, the peers do not authenticate. */
export function peerToken(room: string, sub: string): string {
  return `${room}~${sub}`;
}
export function parsePeerToken(token: string): { room: string; sub: string } | undefined {
  const i = token.indexOf('~');
  return i > 0 ? { room: token.slice(0, i), sub: token.slice(i + 1) } : undefined;
}
