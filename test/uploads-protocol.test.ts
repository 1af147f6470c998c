/**
 * tus 1.0.0 protocol behaviour of a real `branchcast serve` child over real
 * sockets: discovery, version checks, creation(-with-upload) by the operator,
 * offsets, locking, checksums, termination, size limits and expiration.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const MAX_SIZE = 1024 * 1024;
const TUS = { 'Tus-Resumable': '1.0.0' };
const OCTETS = { 'Content-Type': 'application/offset+octet-stream' };

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request on its own connection; `body` may be a Buffer, or a function that writes and ends the request itself. */
function call(port: number, method: string, path: string, headers: Record<string, string>, body?: Buffer | ((req: ReturnType<typeof request>) => void)): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (typeof body === 'function') body(req);
    else req.end(body);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const digest = (algorithm: string, data: Buffer | string): string => `${algorithm} ${createHash(algorithm).update(data).digest('base64')}`;

describe('tus protocol over real sockets', () => {
  let work: TempDir;
  let dataDir: string;
  let port: number;
  let server: ServerProcess | undefined;
  /** `Authorization` with the operator key the loopback server printed: creation needs it. */
  let operator: Record<string, string>;

  const create = async (length: number, extra: Record<string, string> = {}): Promise<string> => {
    const res = await call(port, 'POST', '/uploads/', { ...TUS, ...operator, 'Upload-Length': String(length), ...extra });
    expect(res.status).toBe(201);
    return String(res.headers.location);
  };
  const patch = (path: string, offset: number, body: Buffer, extra: Record<string, string> = {}): Promise<Reply> =>
    call(port, 'PATCH', path, { ...TUS, ...OCTETS, 'Upload-Offset': String(offset), ...extra }, body);
  const head = (path: string): Promise<Reply> => call(port, 'HEAD', path, TUS);

  beforeAll(async () => {
    work = await makeTempDir('branchcast-uploads-protocol-');
    dataDir = join(work.path, 'data');
    server = await startServerProcess({ args: ['--data', dataDir], env: { UPLOAD_MAX_SIZE: String(MAX_SIZE) } });
    port = server.port;
    operator = { Authorization: `Bearer ${adminKeyFrom(server.output())}` };
  });

  afterAll(async () => {
    await server?.stop();
    await work.remove();
  });

  it('answers OPTIONS discovery with version, extensions, max size and checksum algorithms', async () => {
    const res = await call(port, 'OPTIONS', '/uploads/', {});
    expect(res.status).toBe(204);
    expect(res.headers['tus-version']).toBe('1.0.0');
    expect(String(res.headers['tus-extension']).split(',')).toEqual(
      expect.arrayContaining(['creation', 'creation-with-upload', 'termination', 'checksum', 'expiration']),
    );
    expect(res.headers['tus-max-size']).toBe(String(MAX_SIZE));
    expect(String(res.headers['tus-checksum-algorithm']).split(',')).toEqual(expect.arrayContaining(['sha1', 'sha256']));
  });

  it('creates only for the operator key; the returned URL alone is enough from then on', async () => {
    const before = await readdir(join(dataDir, 'uploads'));
    // With a body on the wire: refused before any of it is read (the connection then closes).
    const anonymous = await call(port, 'POST', '/uploads/', { ...TUS, ...OCTETS, 'Upload-Length': '4' }, Buffer.from('abcd'));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect(anonymous.headers['tus-resumable']).toBe('1.0.0');
    expect(anonymous.headers['content-type']).toMatch(/^text\/plain/);
    expect(anonymous.body).toMatch(/operator key/);
    expect(anonymous.headers.location).toBeUndefined();
    const wrong = await call(port, 'POST', '/uploads/', { ...TUS, Authorization: 'Bearer not-the-operator-key', 'Upload-Length': '4' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer');
    expect(await readdir(join(dataDir, 'uploads'))).toEqual(before); // nothing created on disk

    const created = await call(port, 'POST', '/uploads/', { ...TUS, ...operator, 'Upload-Length': '4' });
    expect(created.status).toBe(201);
    const url = String(created.headers.location);
    // PATCH and HEAD carry no key: the upload's random id is the capability.
    expect((await patch(url, 0, Buffer.from('abcd'))).status).toBe(204);
    const state = await head(url);
    expect(state.status).toBe(200);
    expect(state.headers['upload-offset']).toBe('4');
  });

  it('refuses requests without Tus-Resumable (or with another version) with 412', async () => {
    const missing = await call(port, 'POST', '/uploads/', { ...operator, 'Upload-Length': '10' });
    expect(missing.status).toBe(412);
    expect(missing.headers['tus-version']).toBe('1.0.0');
    const other = await call(port, 'POST', '/uploads/', { ...operator, 'Tus-Resumable': '0.2.2', 'Upload-Length': '10' });
    expect(other.status).toBe(412);
  });

  it('creates, reports offset and metadata, appends, and keeps metadata', async () => {
    const name = Buffer.from('clip.mp4').toString('base64');
    const url = await create(10, { 'Upload-Metadata': `filename ${name},draft` });
    expect(url).toMatch(/^\/uploads\/[A-Za-z0-9_-]{22}$/);
    const first = await head(url);
    expect(first.status).toBe(200);
    expect(first.headers).toMatchObject({ 'upload-offset': '0', 'upload-length': '10', 'cache-control': 'no-store' });
    expect(first.headers['upload-metadata']).toBe(`filename ${name},draft`);
    expect(Date.parse(String(first.headers['upload-expires']))).toBeGreaterThan(Date.now());
    const res = await patch(url, 0, Buffer.from('0123456789'));
    expect(res.status).toBe(204);
    expect(res.headers['upload-offset']).toBe('10');
  });

  it('stores a creation-with-upload body (raw and with tus-js-client)', async () => {
    const raw = await call(port, 'POST', '/uploads/', { ...TUS, ...OCTETS, ...operator, 'Upload-Length': '8' }, Buffer.from('abcd'));
    expect(raw.status).toBe(201);
    expect(raw.headers['upload-offset']).toBe('4');
    expect((await head(String(raw.headers.location))).headers['upload-offset']).toBe('4');

    const data = Buffer.from('uploaded during creation');
    const url = await new Promise<string>((resolve, reject) => {
      const upload = new Upload(data, {
        endpoint: `http://127.0.0.1:${port}/uploads/`,
        headers: operator,
        uploadDataDuringCreation: true,
        onSuccess: () => resolve(upload.url ?? ''),
        onError: reject,
      });
      upload.start();
    });
    const id = url.split('/').pop() ?? '';
    expect(await readFile(join(dataDir, 'uploads', id), 'utf8')).toBe(data.toString());
  });

  it('lets a second client resume an upload by its URL', async () => {
    const data = Buffer.from('first half|second half');
    const url = await create(data.length);
    await patch(url, 0, data.subarray(0, 11));
    const headOffsets: Array<string | undefined> = [];
    await new Promise<void>((resolve, reject) => {
      const upload = new Upload(data, {
        uploadUrl: `http://127.0.0.1:${port}${url}`,
        onAfterResponse: (req, res) => {
          if (req.getMethod() === 'HEAD') headOffsets.push(res.getHeader('Upload-Offset'));
        },
        onSuccess: () => resolve(),
        onError: reject,
      });
      upload.start();
    });
    expect(headOffsets).toEqual(['11']); // it asked where to continue, and continued there
    const id = url.split('/').pop() ?? '';
    expect(await readFile(join(dataDir, 'uploads', id), 'utf8')).toBe(data.toString());
  });

  it('answers 409 with the current offset when Upload-Offset does not match', async () => {
    const url = await create(10);
    await patch(url, 0, Buffer.from('abc'));
    const res = await patch(url, 1, Buffer.from('xyz'));
    expect(res.status).toBe(409);
    expect(res.headers['upload-offset']).toBe('3');
    expect((await head(url)).headers['upload-offset']).toBe('3');
  });

  it('rejects a concurrent PATCH with 423 while another is writing', async () => {
    const url = await create(1000);
    let finishFirst: (() => void) | undefined;
    const first = call(port, 'PATCH', url, { ...TUS, ...OCTETS, 'Upload-Offset': '0', 'Content-Length': '1000' }, (req) => {
      req.write(Buffer.alloc(100, 1));
      finishFirst = () => req.end(Buffer.alloc(900, 2));
    });
    // Wait until the first PATCH holds the upload: an empty PATCH changes nothing if it slips in first.
    await expect.poll(async () => (await patch(url, 0, Buffer.alloc(0))).status, { timeout: 10_000, interval: 20 }).toBe(423);
    const second = await patch(url, 0, Buffer.alloc(10));
    expect(second.status).toBe(423);
    expect((await call(port, 'DELETE', url, TUS)).status).toBe(423);
    expect((await head(url)).status).toBe(200); // HEAD still answers (the last durable offset)
    finishFirst?.();
    const done = await first;
    expect(done.status).toBe(204);
    expect(done.headers['upload-offset']).toBe('1000');
  });

  it('rejects a wrong checksum with 460 and keeps the offset; 400 for an unknown algorithm', async () => {
    const url = await create(10);
    const good = await patch(url, 0, Buffer.from('hello'), { 'Upload-Checksum': digest('sha1', 'hello') });
    expect(good.status).toBe(204);
    const bad = await patch(url, 5, Buffer.from('world'), { 'Upload-Checksum': digest('sha1', 'w0rld') });
    expect(bad.status).toBe(460);
    expect((await head(url)).headers['upload-offset']).toBe('5');
    const unknown = await patch(url, 5, Buffer.from('world'), { 'Upload-Checksum': `crc32 ${Buffer.alloc(4).toString('base64')}` });
    expect(unknown.status).toBe(400);
    expect((await head(url)).headers['upload-offset']).toBe('5');
    const sha256 = await patch(url, 5, Buffer.from('world'), { 'Upload-Checksum': digest('sha256', 'world') });
    expect(sha256.headers['upload-offset']).toBe('10');
    const id = url.split('/').pop() ?? '';
    expect(await readFile(join(dataDir, 'uploads', id), 'utf8')).toBe('helloworld');
  });

  it('terminates: DELETE answers 204, then the upload is 404 and gone from disk', async () => {
    const url = await create(10);
    await patch(url, 0, Buffer.from('abc'));
    expect((await call(port, 'DELETE', url, TUS)).status).toBe(204);
    expect((await head(url)).status).toBe(404);
    expect((await patch(url, 3, Buffer.from('d'))).status).toBe(404);
    const id = url.split('/').pop() ?? '';
    expect((await readdir(join(dataDir, 'uploads'))).filter((f) => f.startsWith(id))).toEqual([]);
  });

  it('refuses an Upload-Length above the configured maximum with 413, and a body past Upload-Length', async () => {
    expect((await call(port, 'POST', '/uploads/', { ...TUS, ...operator, 'Upload-Length': String(MAX_SIZE + 1) })).status).toBe(413);
    expect((await call(port, 'POST', '/uploads/', { ...TUS, ...operator, 'Upload-Length': String(MAX_SIZE) })).status).toBe(201);
    const url = await create(4);
    expect((await patch(url, 0, Buffer.from('abcdef'))).status).toBe(413);
    expect((await head(url)).headers['upload-offset']).toBe('0');
  });

  it('answers an early rejection of a large body without reading it all', async () => {
    const url = await create(MAX_SIZE);
    const res = await patch(url, 7, Buffer.alloc(MAX_SIZE - 7));
    expect(res.status).toBe(409);
    expect((await head(url)).status).toBe(200);
  });
});

describe('tus expiration over real sockets', () => {
  let work: TempDir;
  let port: number;
  let key: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    work = await makeTempDir('branchcast-uploads-expiry-');
    server = await startServerProcess({ args: ['--data', join(work.path, 'data')], env: { UPLOAD_EXPIRES_SECONDS: '1', UPLOAD_SWEEP_SECONDS: '1' } });
    port = server.port;
    key = adminKeyFrom(server.output());
  });

  afterAll(async () => {
    await server?.stop();
    await work.remove();
  });

  it('announces Upload-Expires, then answers 410/404 and removes the files', async () => {
    const created = await call(port, 'POST', '/uploads/', { ...TUS, Authorization: `Bearer ${key}`, 'Upload-Length': '10' });
    const url = String(created.headers.location);
    expect(Date.parse(String(created.headers['upload-expires']))).toBeGreaterThan(Date.now() - 1000);
    const patched = await call(port, 'PATCH', url, { ...TUS, ...OCTETS, 'Upload-Offset': '0' }, Buffer.from('abc'));
    expect(patched.headers['upload-expires']).toBeDefined();
    await sleep(1500);
    const expired = await call(port, 'HEAD', url, TUS);
    expect([404, 410]).toContain(expired.status);
    expect((await call(port, 'PATCH', url, { ...TUS, ...OCTETS, 'Upload-Offset': '3' }, Buffer.from('d'))).status).toBe(404);
    const uploadsDir = join(work.path, 'data', 'uploads');
    expect(await readdir(uploadsDir)).toEqual([]);
  });
});
