/**
 * A minimal branchcast protocol client for tests, written against
 * docs/protocol.md: binary msgpack frames over the `ws` package.
 */
import { pack, unpack } from 'msgpackr';
import WebSocket from 'ws';

export type Frame = Record<string, unknown> & { t: number };

export interface CloseInfo {
  code: number;
  reason: string;
}

export class RoomClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<CloseInfo>;
  private waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  private nextId = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      const frame = unpack(data) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.match(frame) ? (w.resolve(frame), false) : true));
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens `/ws` (token and since in the query when given) and waits for the socket to open. */
  static async connect(baseUrl: string, query: { token?: string; since?: number } = {}): Promise<RoomClient> {
    const params = new URLSearchParams();
    if (query.token !== undefined) params.set('token', query.token);
    if (query.since !== undefined) params.set('since', String(query.since));
    const url = `${baseUrl.replace(/^http/, 'ws')}/ws${params.size ? `?${params}` : ''}`;
    const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
    const client = new RoomClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Resolves with the first frame (already received or future) that matches. */
  waitFor(match: (f: Frame) => boolean, timeoutMs = 10_000, from = 0): Promise<Frame> {
    const seen = this.frames.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs);
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  welcome(timeoutMs?: number): Promise<Frame> {
    return this.waitFor((f) => f.t === 100, timeoutMs);
  }

  /** Every room event received so far (from EVENTS frames), in arrival order. */
  events(): Array<Record<string, unknown> & { type: string; version: number }> {
    return this.frames.filter((f) => f.t === 101).flatMap((f) => f.events as Array<Record<string, unknown> & { type: string; version: number }>);
  }

  waitForEvent(type: string, timeoutMs = 10_000): Promise<Record<string, unknown> & { type: string; version: number }> {
    return this.waitFor((f) => f.t === 101 && (f.events as Array<{ type: string }>).some((e) => e.type === type), timeoutMs).then(
      (f) => (f.events as Array<Record<string, unknown> & { type: string; version: number }>).find((e) => e.type === type)!,
    );
  }

  send(message: Record<string, unknown>): void {
    this.ws.send(pack(message));
  }

  /** Sends a command and resolves with its ACK (t 103) or ERROR (t 104). */
  command(cmd: Record<string, unknown>, id = `c${this.nextId++}`, timeoutMs = 10_000): Promise<Frame> {
    const reply = this.waitFor((f) => (f.t === 103 || f.t === 104) && f.id === id, timeoutMs, this.frames.length);
    this.send({ t: 3, id, cmd });
    return reply;
  }

  close(): Promise<CloseInfo> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    return this.closed;
  }

  terminate(): void {
    this.ws.terminate();
  }
}
