/**
 * A viewer of a cluster room that behaves like a careful client of
 * docs/protocol.md: it keeps the room version, resumes with `since` on another
 * node when its node goes away, and resends an unanswered command with the
 * SAME id until it is acknowledged (commands are idempotent per subject + id).
 * Every retry loop is bounded in attempts and time.
 */
import type { ClusterNode } from './cluster.ts';
import { RoomClient, type Frame } from './room-client.ts';

export interface TimelineView {
  node: string;
  mediaAnchor: number;
  serverAnchor: number;
  rate: number;
  playing: boolean;
}

/** The decided switch as this viewer learnt it: from the `switch` event, or (resumed late) from a snapshot's `pendingSwitch`, which has no counts. */
export interface SwitchView {
  option: string;
  to: string;
  atMedia: number;
  version: number | null;
  counts: Record<string, number> | null;
}

export interface EnteredView {
  node: string;
  timeline: TimelineView;
}

export type CommandOutcome =
  | { acked: true; id: string; version: number; attempts: number; sentAt: number; at: number }
  | { acked: false; id: string; attempts: number; sentAt: number; error: string };

type Event = Record<string, unknown> & { type: string; version: number };

export class ClusterViewer {
  client: RoomClient | undefined;
  node: ClusterNode;
  /** Highest room version applied; -1 before the first WELCOME. */
  version = -1;
  timeline: TimelineView | undefined;
  switched: SwitchView | undefined;
  entered: EnteredView | undefined;
  choiceOpenAt: number | undefined;
  reconnects = 0;
  /** Nodes on which this viewer's socket closed without it asking (a hop it asked for is not one). */
  readonly drops: string[] = [];
  /** Event versions that skipped ahead of version + 1 (a lost event). */
  readonly gaps: string[] = [];
  /** How many `bad-state` "room unavailable" answers arrived (the node gave up waiting for the new owner). */
  unavailable = 0;
  private reconnecting: Promise<void> | undefined;
  private stopped = false;

  constructor(
    readonly sub: string,
    readonly token: string,
    node: ClusterNode,
    /** A live node other than `exclude` (the viewer's next home), or undefined if none is left. */
    private readonly pickNode: (exclude: ClusterNode) => ClusterNode | undefined,
  ) {
    this.node = node;
  }

  /** Connects to `node` (resuming from the version held, if any) and waits for WELCOME. */
  async connect(node: ClusterNode = this.node, timeoutMs = 10_000): Promise<void> {
    const client = await RoomClient.connect(node.url, { token: this.token, ...(this.version >= 0 ? { since: this.version } : {}) });
    this.node = node;
    this.client = client;
    // Frames that arrived with the upgrade (before this line ran) first, then every later one.
    for (const frame of client.frames) this.onFrame(frame);
    client.ws.on('message', () => this.onFrame(client.frames.at(-1) as Frame));
    void client.closed.then(() => {
      if (this.client !== client || this.stopped) return;
      this.drops.push(node.id);
      void this.reconnect().catch(() => undefined);
    });
    await client.welcome(timeoutMs);
  }

  /**
   * Moves to another live node (single flight): used when the socket dropped,
   * and by tests to vote "through another node". Bounded: 20 attempts.
   */
  reconnect(to?: ClusterNode): Promise<void> {
    this.reconnecting ??= (async () => {
      const old = this.client;
      this.client = undefined;
      old?.terminate();
      let lastError: unknown;
      for (let attempt = 0; attempt < 20 && !this.stopped; attempt += 1) {
        const target = attempt === 0 && to ? to : this.pickNode(this.node);
        if (!target) break;
        try {
          await this.connect(target, 5000);
          this.reconnects += 1;
          return;
        } catch (error) {
          lastError = error;
          this.node = target;
          await sleep(100);
        }
      }
      throw new Error(`${this.sub}: could not reconnect: ${String(lastError)}`);
    })().finally(() => (this.reconnecting = undefined));
    return this.reconnecting;
  }

  /**
   * Sends `cmd` with `id` until an ACK, resending the same id after a dropped
   * socket, a timeout, or `bad-state` "room unavailable". Any other ERROR is
   * final. Gives up at `deadline` (epoch ms) or after `maxAttempts`.
   */
  async command(cmd: Record<string, unknown>, id: string, deadline: number, options: { attemptTimeoutMs?: number; maxAttempts?: number } = {}): Promise<CommandOutcome> {
    const maxAttempts = options.maxAttempts ?? 40;
    const sentAt = Date.now();
    let attempts = 0;
    let error = 'deadline passed before the first attempt';
    while (attempts < maxAttempts && Date.now() < deadline) {
      attempts += 1;
      if (this.client === undefined || this.client.ws.readyState !== this.client.ws.OPEN) {
        try {
          await this.reconnect();
        } catch (e) {
          error = String(e);
          await sleep(200);
          continue;
        }
      }
      const client = this.client;
      if (client === undefined) continue;
      const timeout = Math.max(100, Math.min(options.attemptTimeoutMs ?? 3000, deadline - Date.now()));
      const reply = await Promise.race([client.command(cmd, id, timeout).catch(() => undefined), client.closed.then(() => undefined)]);
      if (reply?.t === 103) return { acked: true, id, version: reply.version as number, attempts, sentAt, at: Date.now() };
      if (reply?.t === 104) {
        const message = String(reply.message);
        error = `${String(reply.code)}: ${message}`;
        if (reply.code === 'bad-state' && /unavailable/i.test(message)) {
          this.unavailable += 1;
          await sleep(100);
          continue;
        }
        if (reply.code === 'rate-limited') {
          await sleep(250);
          continue;
        }
        return { acked: false, id, attempts, sentAt, error };
      }
      error = reply === undefined ? 'no answer (timeout or socket closed)' : `unexpected frame ${JSON.stringify(reply)}`;
    }
    return { acked: false, id, attempts, sentAt, error };
  }

  /** Resolves once this viewer has seen the room enter the switch target (bounded). */
  async waitEntered(timeoutMs: number): Promise<EnteredView | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.entered === undefined && Date.now() < deadline) await sleep(50);
    return this.entered;
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.reconnecting?.catch(() => undefined);
    const client = this.client;
    if (client === undefined) return;
    await Promise.race([client.close(), sleep(2000)]);
    client.terminate();
  }

  private onFrame(frame: Frame): void {
    if (frame.t === 100) {
      const events = frame.events as Event[] | undefined;
      if (frame.resume === 'events' && events !== undefined) {
        for (const event of events) this.apply(event);
      } else if (frame.snapshot !== undefined) {
        this.applySnapshot(frame.snapshot as Record<string, unknown>);
      }
      this.version = Math.max(this.version, frame.version as number);
    } else if (frame.t === 101) {
      for (const event of frame.events as Event[]) this.apply(event);
    }
  }

  private applySnapshot(snapshot: Record<string, unknown>): void {
    this.timeline = snapshot.timeline as TimelineView;
    const pending = snapshot.pendingSwitch as { option: string; to: string; atMedia: number } | undefined;
    if (pending && this.switched === undefined) this.switched = { ...pending, version: null, counts: null };
    if (snapshot.phase === 'open') this.choiceOpenAt ??= Date.now();
    const node = snapshot.node as string;
    // A snapshot already past the choice node: the switch happened while away.
    if (this.entered === undefined && this.switched !== undefined && node === this.switched.to) this.entered = { node, timeline: this.timeline };
  }

  private apply(event: Event): void {
    if (event.version <= this.version) return; // already held (resume overlap)
    if (this.version >= 0 && event.version > this.version + 1) this.gaps.push(`${this.version} -> ${event.version}`);
    this.version = event.version;
    switch (event.type) {
      case 'timeline':
        this.timeline = event.timeline as TimelineView;
        break;
      case 'choice-open':
        this.choiceOpenAt ??= Date.now();
        break;
      case 'switch':
        this.switched = { option: event.option as string, to: event.to as string, atMedia: event.atMedia as number, version: event.version, counts: event.counts as Record<string, number> };
        break;
      case 'node':
        this.timeline = event.timeline as TimelineView;
        this.entered ??= { node: event.node as string, timeline: this.timeline };
        break;
      default:
    }
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
