/**
 * A WebSocket client over a raw TCP socket, for frames no well-behaved
 * library sends: fragments (continuation frames), control frames between
 * fragments, frames over the size limits, and a reader that can stop
 * reading the TCP stream altogether. Frames it sends are masked (RFC 6455
 * §5.3, as a client must); frames it reads are parsed as they arrive.
 *
 * @example
 *   const raw = await RawWebSocket.connect(port, `/ws?token=${token}`);
 *   raw.sendFragmented(pack({ t: 2, c0: 1 }), 10);
 *   const reply = await raw.waitFor((f) => f.opcode === OPCODE.BINARY);
 *   raw.destroy();
 */
import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export const OPCODE = { CONTINUATION: 0, TEXT: 1, BINARY: 2, CLOSE: 8, PING: 9, PONG: 10 } as const;

export interface WireFrame {
  opcode: number;
  fin: boolean;
  payload: Buffer;
}

/** How the connection ended: the server's close frame (if one arrived) and whether the TCP stream was reset. */
export interface RawClose {
  /** Code of the server's close frame; undefined when none arrived (a browser would report 1006). */
  code: number | undefined;
  reason: string;
  /** The TCP connection failed (ECONNRESET/EPIPE) rather than ending with FIN. */
  reset: boolean;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export class RawWebSocket {
  readonly frames: WireFrame[] = [];
  readonly closed: Promise<RawClose>;
  private buffer: Buffer = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  private reset = false;
  private ended = false;

  private constructor(readonly socket: Socket, rest: Buffer) {
    this.closed = new Promise((resolve) => {
      socket.on('error', () => (this.reset = true));
      socket.on('close', () => {
        this.ended = true;
        const close = this.frames.find((f) => f.opcode === OPCODE.CLOSE);
        const code = close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : undefined;
        resolve({ code, reason: close ? close.payload.subarray(2).toString() : '', reset: this.reset });
        this.wake();
      });
    });
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    if (rest.length > 0) this.receive(rest);
  }

  /** Opens `path` on 127.0.0.1:`port` and completes the opening handshake (101). */
  static connect(port: number, path = '/ws', timeoutMs = 10_000): Promise<RawWebSocket> {
    const key = randomBytes(16).toString('base64');
    const accept = createHash('sha1').update(key + GUID).digest('base64');
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let head = Buffer.alloc(0);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`handshake timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const onData = (chunk: Buffer): void => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('error', onError);
        const text = head.subarray(0, end).toString('latin1');
        if (!/^HTTP\/1\.1 101 /.test(text) || !text.toLowerCase().includes(`sec-websocket-accept: ${accept.toLowerCase()}`)) {
          socket.destroy();
          reject(new Error(`handshake refused: ${text.split('\r\n')[0]}`));
          return;
        }
        resolve(new RawWebSocket(socket, head.subarray(end + 4)));
      };
      const onError = (error: Error): void => {
        clearTimeout(timer);
        reject(error);
      };
      socket.on('data', onData);
      socket.once('error', onError);
      socket.write(
        [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13', '', ''].join('\r\n'),
      );
    });
  }

  /** Encodes one masked client frame. */
  static encodeFrame(opcode: number, payload: Uint8Array, fin = true): Buffer {
    const length = payload.length;
    const header = length < 126 ? Buffer.alloc(2) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
    header[0] = (fin ? 0x80 : 0) | opcode;
    if (length < 126) header[1] = 0x80 | length;
    else if (length < 65536) {
      header[1] = 0x80 | 126;
      header.writeUInt16BE(length, 2);
    } else {
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    const mask = randomBytes(4);
    const masked = Buffer.alloc(length);
    for (let i = 0; i < length; i++) masked[i] = (payload[i] as number) ^ (mask[i & 3] as number);
    return Buffer.concat([header, mask, masked]);
  }

  /** Sends one frame as given (any opcode, FIN set or not). */
  sendFrame(opcode: number, payload: Uint8Array = new Uint8Array(0), fin = true): boolean {
    return this.socket.write(RawWebSocket.encodeFrame(opcode, payload, fin));
  }

  /**
   * Sends `message` as one binary message split into `parts` fragments: a
   * BINARY frame without FIN, continuation frames, the last with FIN.
   * `between(i)` may send other frames (pings) after fragment i.
   */
  sendFragmented(message: Uint8Array, parts: number, between?: (i: number) => void): void {
    const size = Math.ceil(message.length / parts);
    for (let i = 0; i < parts; i++) {
      const chunk = message.subarray(i * size, Math.min(message.length, (i + 1) * size));
      this.sendFrame(i === 0 ? OPCODE.BINARY : OPCODE.CONTINUATION, chunk, i === parts - 1);
      if (i < parts - 1) between?.(i);
    }
  }

  /** Stops reading the TCP stream: the kernel buffers fill, then the server's send buffer. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** Resolves with the first frame (already read or future) that matches; rejects on timeout or end. */
  waitFor(match: (f: WireFrame) => boolean, timeoutMs = 10_000, from = 0): Promise<WireFrame> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.frames.slice(from).find(match);
        if (found) {
          clearTimeout(timer);
          resolve(found);
          return true;
        }
        if (this.ended) {
          clearTimeout(timer);
          reject(new Error(`connection ended before a matching frame; got opcodes ${this.frames.map((f) => f.opcode).join(',')}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching frame within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (): void => {
        if (check()) this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      if (!check()) this.waiters.push(waiter);
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Parses unmasked server frames out of the stream (server frames are never fragmented by uWS). */
  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) break;
      const b0 = this.buffer[0] as number;
      const b1 = this.buffer[1] as number;
      let length = b1 & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) break;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) break;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) break;
      this.frames.push({ opcode: b0 & 0x0f, fin: (b0 & 0x80) !== 0, payload: this.buffer.subarray(offset, offset + length) });
      this.buffer = this.buffer.subarray(offset + length);
    }
    this.wake();
  }
}
