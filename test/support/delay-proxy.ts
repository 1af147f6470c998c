/**
 * A delaying TCP proxy on loopback: a jittery link for sync tests and benches
 * (this kernel has no netem). Each chunk is held for `baseMs` plus a uniform
 * random `jitterMs`, drawn per chunk from a seeded generator.
 *
 * Hazard: TCP keeps byte order, and so must the proxy. A timer per chunk
 * reorders chunks whose due times fall in the same millisecond (or a later
 * chunk with a shorter delay) and corrupts the stream. So each direction has
 * one FIFO queue and one drain timer: a chunk leaves no earlier than the one
 * before it (head-of-line blocking, as on a real in-order link). Nagle is off
 * on both legs, so the proxy adds only the delay it was asked for.
 *
 * @example
 *   const proxy = await startDelayProxy({ target: 8080, baseMs: 30, jitterMs: 40, seed: 1 });
 *   // open http://127.0.0.1:${proxy.port}/… instead of :8080
 *   await proxy.stop();
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { prng } from '../../stories/generate-stress.ts';

export interface DelayProxyOptions {
  /** The upstream port on 127.0.0.1. */
  target: number;
  /** Fixed one-way delay per direction (ms). */
  baseMs: number;
  /** Extra one-way delay, uniform in [0, jitterMs), per chunk (ms). */
  jitterMs: number;
  /** Seed for the jitter, so a run can be replayed. */
  seed?: number;
}

export interface DelayProxy {
  port: number;
  /** Closes the listener and every proxied connection. */
  stop(): Promise<void>;
}

/** One direction of one connection: a FIFO of chunks with due times, drained by a single timer. */
class DelayedPipe {
  private readonly queue: Array<{ chunk: Buffer; due: number }> = [];
  private timer: NodeJS.Timeout | undefined;
  private lastDue = 0;
  private ended = false;

  constructor(
    private readonly to: Socket,
    private readonly delay: () => number,
  ) {}

  push(chunk: Buffer): void {
    // Never before the chunk ahead of it: order is the whole point.
    const due = Math.max(this.lastDue, performance.now() + this.delay());
    this.lastDue = due;
    this.queue.push({ chunk, due });
    this.arm();
  }

  /** The source ended: end the destination once everything queued has gone out. */
  end(): void {
    this.ended = true;
    this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private arm(): void {
    if (this.timer !== undefined) return;
    const head = this.queue[0];
    if (!head) {
      if (this.ended && !this.to.destroyed) this.to.end();
      return;
    }
    this.timer = setTimeout(() => this.drain(), Math.max(0, head.due - performance.now()));
  }

  private drain(): void {
    this.timer = undefined;
    const now = performance.now();
    while (this.queue.length > 0 && this.queue[0]!.due <= now + 0.5) {
      const { chunk } = this.queue.shift()!;
      if (!this.to.destroyed) this.to.write(chunk);
    }
    this.arm();
  }
}

export function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const random = prng(options.seed ?? 1);
  const delay = (): number => options.baseMs + random() * options.jitterMs;
  const sockets = new Set<Socket>();
  const pipes = new Set<DelayedPipe>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: options.target });
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const up = new DelayedPipe(upstream, delay);
    const down = new DelayedPipe(client, delay);
    pipes.add(up);
    pipes.add(down);
    client.on('data', (chunk: Buffer) => up.push(chunk));
    upstream.on('data', (chunk: Buffer) => down.push(chunk));
    client.on('end', () => up.end());
    upstream.on('end', () => down.end());
    client.on('close', () => {
      up.stop();
      pipes.delete(up);
    });
    upstream.on('close', () => {
      down.stop();
      pipes.delete(down);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({
        port,
        stop: () =>
          new Promise<void>((done) => {
            for (const pipe of pipes) pipe.stop();
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
