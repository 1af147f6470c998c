import { createServer } from 'node:net';

/**
 * A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it).
 * Prefer `--port 0` where the program reports its port; use this for
 * programs that cannot (nginx, redis).
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A free port below the kernel's ephemeral range (32768+ on Linux), for a
 * server a test restarts on the same port: while it is down, an ephemeral
 * port could be taken as the local port of some outgoing connection, and the
 * restart would fail with "address in use". Ports here are only ever taken by
 * explicit binds.
 */
export async function restartablePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const ok = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.unref();
      server.once('error', () => resolve(false));
      server.listen(port, host, () => server.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port found below the ephemeral range');
}
