/**
 * A real tus client (tus-js-client, Node build) uploads ≥100 MB to a real
 * `branchcast serve` child in 8 MiB PATCHes. Midway the server is killed with
 * SIGKILL and started again on the same port and data directory; the client
 * resumes from the offset the server recovered, and the stored bytes must
 * hash like the source.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { Upload, type HttpRequest as TusHttpRequest, type HttpResponse as TusHttpResponse } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restartablePort } from './support/free-port.ts';
import { adminKeyFrom } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const MiB = 1024 * 1024;
const FILE_SIZE = 112 * MiB + 12345; // not a multiple of the chunk size
const CHUNK_SIZE = 8 * MiB;

/** SIGKILL: no shutdown code runs, exactly like a crash. */
async function crash(server: ServerProcess | undefined): Promise<void> {
  if (!server) return;
  process.kill(server.pid, 'SIGKILL');
  await server.stop();
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * MiB })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Writes `size` bytes of incompressible, non-periodic content quickly (1 MiB random blocks). */
async function writeRandomFile(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (let written = 0; written < size; ) {
      const block = randomBytes(Math.min(MiB, size - written));
      await handle.write(block);
      written += block.length;
    }
  } finally {
    await handle.close();
  }
}

/** Resident memory of a process in bytes (Linux /proc). */
async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
}

/** Sends `size` bytes as one PATCH body, honouring the socket's backpressure; resolves with status and offset. */
function patchStream(url: string, size: number): Promise<{ status: number; offset: string | undefined }> {
  const block = randomBytes(MiB);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'PATCH',
      headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(size) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, offset: res.headers['upload-offset'] as string | undefined }));
    });
    req.on('error', reject);
    let sent = 0;
    const pump = (): void => {
      while (sent < size) {
        const part = block.subarray(0, Math.min(MiB, size - sent));
        sent += part.length;
        if (!req.write(part)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

describe('tus upload survives a server kill -9 midway', () => {
  let work: TempDir;
  let dataDir: string;
  let source: string;
  let port: number;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    work = await makeTempDir('branchcast-uploads-resume-');
    dataDir = join(work.path, 'data');
    source = join(work.path, 'source.bin');
    await writeRandomFile(source, FILE_SIZE);
    // Restarted on the same port after kill -9: use one no outgoing connection can grab meanwhile.
    server = await startServerProcess({ port: await restartablePort(), args: ['--data', dataDir] });
    port = server.port;
  });

  afterAll(async () => {
    await server?.stop();
    await work.remove();
  });

  it('resumes after restart and stores exactly the source bytes', { timeout: 60_000 }, async () => {
    let restart: Promise<void> | undefined;
    let ackedBeforeKill = 0;
    const headOffsets: number[] = [];
    let uploadUrl = '';

    await new Promise<void>((resolve, reject) => {
      const upload = new Upload(createReadStream(source), {
        endpoint: `http://127.0.0.1:${port}/uploads/`,
        // Needed to create. The restarted server prints a new key, so this one is then wrong,
        // and HEAD and PATCH still work: after creation the upload URL is all that counts.
        headers: { Authorization: `Bearer ${adminKeyFrom(server?.output() ?? '')}` },
        chunkSize: CHUNK_SIZE,
        uploadSize: FILE_SIZE,
        metadata: { filename: 'source.bin', filetype: 'application/octet-stream' },
        // Covers the seconds the server is down; each retry starts with a HEAD.
        retryDelays: [100, 250, 500, 1000, 1000, 1000, 2000, 2000, 2000, 3000, 3000],
        onAfterResponse(req: TusHttpRequest, res: TusHttpResponse) {
          const offset = Number(res.getHeader('Upload-Offset'));
          if (req.getMethod() === 'PATCH' && res.getStatus() === 204 && restart === undefined) ackedBeforeKill = offset;
          if (req.getMethod() === 'HEAD' && res.getStatus() === 200) headOffsets.push(offset);
        },
        onProgress(sent: number) {
          // Kill while a PATCH body is on the wire, so the data file gets bytes that were never acknowledged.
          if (restart === undefined && sent >= FILE_SIZE * 0.45) {
            restart = (async () => {
              await crash(server);
              server = await startServerProcess({ port, args: ['--data', dataDir] });
            })();
            restart.catch(reject);
          }
        },
        onSuccess() {
          uploadUrl = upload.url ?? '';
          resolve();
        },
        onError: reject,
      });
      upload.start();
    });
    await restart;

    expect(restart).toBeDefined();
    // The client learned a mid-file offset from the restarted server: it resumed, it did not start over.
    expect(headOffsets.length).toBeGreaterThan(0);
    const resumedFrom = headOffsets[0] ?? 0;
    expect(resumedFrom).toBeGreaterThan(0);
    expect(resumedFrom).toBeLessThan(FILE_SIZE);
    // Durability: nothing acknowledged before the kill was lost.
    expect(resumedFrom).toBeGreaterThanOrEqual(ackedBeforeKill);

    const id = uploadUrl.split('/').pop() ?? '';
    const files = await readdir(join(dataDir, 'uploads'));
    expect(files.sort()).toEqual([id, `${id}.info`]);
    expect(await sha256File(join(dataDir, 'uploads', id))).toBe(await sha256File(source));

    const head = await fetch(uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
    expect(head.headers.get('upload-offset')).toBe(String(FILE_SIZE));
    expect(head.headers.get('upload-expires')).toBeNull(); // finished uploads wait for packaging
  });

  it('streams one 192 MB PATCH to disk with bounded server memory', { timeout: 60_000 }, async () => {
    const size = 192 * MiB;
    const created = await fetch(`http://127.0.0.1:${port}/uploads/`, {
      method: 'POST',
      headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${adminKeyFrom(server?.output() ?? '')}`, 'Upload-Length': String(size) },
    });
    const url = new URL(created.headers.get('location') ?? '', `http://127.0.0.1:${port}`).toString();
    const pid = server?.pid ?? 0;
    const before = await rssBytes(pid);
    let peak = before;
    const sampler = setInterval(() => {
      rssBytes(pid).then((rss) => (peak = Math.max(peak, rss)), () => undefined);
    }, 25);
    try {
      expect(await patchStream(url, size)).toEqual({ status: 204, offset: String(size) });
    } finally {
      clearInterval(sampler);
    }
    // Buffering the body would cost ≥192 MB; the bounded queue plus GC slack stays far below.
    expect(peak - before).toBeLessThan(80 * MiB);
  });
});
