/**
 * Regression (found by test/fuzz/http.fuzz.test.ts): error answers to HEAD
 * (a missing or refused media path, a path no route serves) carried their
 * JSON body. A HEAD answer has no content (RFC 9110 §9.3.2); on a keep-alive
 * connection those bytes were read as the start of the next response. Now
 * the answer announces the length and sends no body, and the next response
 * on the same connection parses.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../server/config.ts';
import { createServer, type BranchcastServer } from '../server/server.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

let dir: TempDir;
let server: BranchcastServer;
let port: number;

beforeAll(async () => {
  dir = await makeTempDir('branchcast-head-');
  await mkdir(join(dir.path, 'media', 'clips'), { recursive: true });
  await writeFile(join(dir.path, 'media', 'clips', 'a.bin'), 'abc');
  server = createServer(resolveServerConfig({ port: '0', media: join(dir.path, 'media') }, {}, dir.path), { log: () => undefined });
  port = (await server.listen()).port;
});
afterAll(async () => {
  await server?.close();
  await dir?.remove();
});

/**
 * Sends a HEAD, waits for its answer (and a moment for stray body bytes), then
 * a GET /healthz on the same keep-alive connection; returns everything the
 * server wrote. Not pipelined: uWS drops a connection whose first answer is
 * still pending when the second request arrives.
 */
function headThenGet(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let sent = false;
    socket.setTimeout(5000, () => socket.destroy(new Error('timed out')));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (sent || !text.includes('\r\n\r\n')) return;
      sent = true;
      setTimeout(() => socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'), 50);
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
    socket.write(`HEAD ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  });
}

describe('HEAD error answers', () => {
  it.each(['/media/clips', '/media/clips/missing.bin', '/media/%2e%2e/x', '/no/such/route'])('HEAD %s has no body, and the next response on the connection parses', async (path) => {
    const text = await headThenGet(path);
    const end = text.indexOf('\r\n\r\n');
    expect(text.slice(0, end)).toMatch(/^HTTP\/1\.1 40[04] /);
    expect(text.slice(0, end)).toMatch(/\r\ncontent-length: [1-9]\d*\r?/i);
    expect(text.slice(end + 4)).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('a HEAD of a file still describes the GET (200, its length)', async () => {
    const text = await headThenGet('/media/clips/a.bin');
    expect(text).toMatch(/^HTTP\/1\.1 200 [^]*\r\ncontent-length: 3\r\n[^]*\r\n\r\nHTTP\/1\.1 200 /i);
  });
});
