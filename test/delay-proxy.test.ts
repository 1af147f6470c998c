/** The bench's delaying proxy keeps byte order per direction and adds at least its base delay (issue 20). */
import { createConnection, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startDelayProxy } from './support/delay-proxy.ts';

describe('delay proxy', () => {
  it('delivers thousands of small chunks in order, both ways, no earlier than the base delay', async () => {
    const echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const target = (echo.address() as { port: number }).port;
    const proxy = await startDelayProxy({ target, baseMs: 5, jitterMs: 20, seed: 7 });
    let client: Socket | undefined;
    try {
      client = createConnection({ host: '127.0.0.1', port: proxy.port });
      client.setNoDelay(true);
      await new Promise<void>((r) => client!.once('connect', () => r()));
      const received: Buffer[] = [];
      const sent: Buffer[] = [];
      let firstAt = 0;
      const started = performance.now();
      const done = new Promise<void>((resolve) => {
        client!.on('data', (chunk: Buffer) => {
          if (received.length === 0) firstAt = performance.now();
          received.push(chunk);
          if (Buffer.concat(received).length >= 2000 * 4) resolve();
        });
      });
      // 2,000 chunks of one counter each, many due in the same millisecond: per-chunk timers would reorder them.
      for (let i = 0; i < 2000; i++) {
        const chunk = Buffer.alloc(4);
        chunk.writeUInt32BE(i);
        sent.push(chunk);
        client.write(chunk);
        if (i % 100 === 0) await new Promise((r) => setImmediate(r));
      }
      await done;
      expect(Buffer.concat(received).equals(Buffer.concat(sent))).toBe(true);
      // Two legs of at least 5 ms each.
      expect(firstAt - started).toBeGreaterThanOrEqual(9);
    } finally {
      client?.destroy();
      await proxy.stop();
      await new Promise<void>((r) => echo.close(() => r()));
    }
  });
});
