/**
 * One joined room connection over a raw socket, for the WebSocket fuzz suite:
 * joins with a URL token, sends a batch of frames (binary or text) as they
 * are, and collects the one answer the protocol gives each frame (TIME_REPLY,
 * ACK or ERROR; docs/protocol.md §4). Raw sockets, because they are cheap
 * (thousands of batches per run) and send any bytes without a library's opinion.
 */
import { unpack } from 'msgpackr';
import { OPCODE, RawWebSocket, type RawClose } from '../support/raw-ws.ts';

export type ServerFrame = Record<string, unknown> & { t: number };

/** One fuzz frame: its bytes, and whether it goes as a text frame (bytes are then valid UTF-8). */
export interface FuzzFrame {
  bytes: Uint8Array;
  text?: boolean;
}

const ANSWER_TYPES = new Set([102, 103, 104]);

export class BatchSocket {
  private decoded: ServerFrame[] = [];
  private cursor = 0;

  private constructor(private readonly raw: RawWebSocket) {}

  /** Opens /ws?token=… and resolves once WELCOME arrived; rejects with the close code when the join fails. */
  static async join(port: number, token: string, timeoutMs = 10_000): Promise<{ socket: BatchSocket; welcome: ServerFrame }> {
    const raw = await RawWebSocket.connect(port, `/ws?token=${encodeURIComponent(token)}`, timeoutMs);
    const socket = new BatchSocket(raw);
    try {
      await raw.waitFor(() => socket.frames().some((f) => f.t === 100), timeoutMs);
    } catch (error) {
      raw.destroy();
      const close = await raw.closed;
      throw new Error(`no WELCOME (close ${String(close.code)} ${close.reason}): ${String(error)}`, { cause: error });
    }
    return { socket, welcome: socket.frames().find((f) => f.t === 100) as ServerFrame };
  }

  /** Every server frame so far, decoded (each once). */
  frames(): ServerFrame[] {
    for (; this.cursor < this.raw.frames.length; this.cursor++) {
      const frame = this.raw.frames[this.cursor];
      if (frame?.opcode === OPCODE.BINARY) this.decoded.push(unpack(frame.payload) as ServerFrame);
    }
    return this.decoded;
  }

  /** Answers (TIME_REPLY, ACK, ERROR) received so far, in arrival order. */
  answers(): ServerFrame[] {
    return this.frames().filter((f) => ANSWER_TYPES.has(f.t));
  }

  /**
   * Sends the frames back to back and waits until each has its answer. Resolves
   * with the answers, or with fewer when the server closed the socket or the
   * time ran out (the caller reports which frames went unanswered).
   */
  async exchange(frames: readonly FuzzFrame[], timeoutMs = 10_000): Promise<{ answers: ServerFrame[]; close?: RawClose }> {
    const before = this.answers().length;
    for (const frame of frames) this.raw.sendFrame(frame.text ? OPCODE.TEXT : OPCODE.BINARY, frame.bytes);
    const done = (): boolean => this.answers().length - before >= frames.length;
    const waited = await this.raw.waitFor(() => done(), timeoutMs).then(
      () => true,
      () => false,
    );
    const answers = this.answers().slice(before);
    if (waited) return { answers };
    this.raw.destroy();
    return { answers, close: await this.raw.closed };
  }

  /** Closes the TCP connection (the server sees a client gone, as with a dropped phone). */
  async close(): Promise<void> {
    this.raw.destroy();
    await this.raw.closed;
  }
}
