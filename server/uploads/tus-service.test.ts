import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BodyQueue } from './body-queue.ts';
import { getFinishedUpload } from './finished-upload.ts';
import { TusService } from './tus-service.ts';
import type { TusRequest } from './tus-request.ts';
import type { TusResponse } from './tus-response.ts';

const TUS = { 'tus-resumable': '1.0.0' };
const OCTETS = { 'content-type': 'application/offset+octet-stream' };
const ADMIN_KEY = 'tus-service-test-operator-key';
/** Creation needs the operator key; requests on an upload's URL do not (its id is the capability). */
const OPERATOR = { authorization: `Bearer ${ADMIN_KEY}` };

async function* bytes(...chunks: string[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield Buffer.from(chunk);
}

function req(method: string, path: string, headers: Record<string, string> = {}): TusRequest {
  return { method, path, headers: { ...TUS, ...headers } };
}

describe('TusService', () => {
  let dataDir: string;
  let clock: number;
  let service: TusService;

  const newService = (options = {}): TusService =>
    new TusService({ dataDir, adminKey: ADMIN_KEY, now: () => clock, options: { expiresAfterMs: 60_000, ...options }, logError: () => undefined });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'branchcast-tus-'));
    clock = 1_700_000_000_000;
    service = newService();
    await service.init();
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function create(length: number, headers: Record<string, string> = {}): Promise<string> {
    const res = await service.handle(req('POST', '/uploads/', { ...OPERATOR, 'upload-length': String(length), ...headers }), bytes());
    expect(res.status).toBe(201);
    return res.headers.Location ?? '';
  }

  const patch = (url: string, offset: number, body: AsyncIterable<Uint8Array>, headers: Record<string, string> = {}): Promise<TusResponse> =>
    service.handle(req('PATCH', url, { ...OCTETS, 'upload-offset': String(offset), ...headers }), body);
  const head = (url: string): Promise<TusResponse> => service.handle(req('HEAD', url), bytes());

  it('answers OPTIONS discovery without Tus-Resumable', async () => {
    const res = await service.handle({ method: 'OPTIONS', path: '/uploads/', headers: {} }, bytes());
    expect(res.status).toBe(204);
    expect(res.headers).toMatchObject({ 'Tus-Version': '1.0.0', 'Tus-Max-Size': String(20 * 1024 ** 3) });
    expect(res.headers['Tus-Extension']).toContain('creation-with-upload');
    expect(res.headers['Tus-Checksum-Algorithm']).toContain('sha1');
  });

  it('refuses a missing or different Tus-Resumable with 412', async () => {
    const missing = await service.handle({ method: 'POST', path: '/uploads/', headers: { ...OPERATOR, 'upload-length': '1' } }, bytes());
    expect(missing.status).toBe(412);
    expect(missing.headers['Tus-Version']).toBe('1.0.0');
    const wrong = await service.handle(req('POST', '/uploads/', { ...OPERATOR, 'tus-resumable': '0.2.2', 'upload-length': '1' }), bytes());
    expect(wrong.status).toBe(412);
  });

  it('creates only with the operator key, before reading the body; the upload URL alone serves the rest', async () => {
    let bodyRead = false;
    async function* watched(): AsyncGenerator<Uint8Array> {
      bodyRead = true;
      yield Buffer.from('abc');
    }
    const post = (headers: Record<string, string>) => service.handle(req('POST', '/uploads/', { ...OCTETS, 'upload-length': '3', 'content-length': '3', ...headers }), watched());
    for (const refused of [await post({}), await post({ authorization: 'Bearer wrong-key' }), await post({ authorization: ADMIN_KEY })]) {
      expect(refused.status).toBe(401);
      expect(refused.headers['WWW-Authenticate']).toBe('Bearer');
      expect(refused.headers['Tus-Resumable']).toBe('1.0.0');
      expect(refused.body).toMatch(/operator key/);
    }
    expect(bodyRead).toBe(false);
    expect(await readdir(service.context.store.dir)).toEqual([]);
    const url = (await post(OPERATOR)).headers.Location ?? '';
    expect((await head(url)).headers['Upload-Offset']).toBe('3');
  });

  it('creates, appends, reports the offset and finishes', async () => {
    const url = await create(11, { 'upload-metadata': `filename ${Buffer.from('a.mp4').toString('base64')}` });
    expect(url).toMatch(/^\/uploads\/[A-Za-z0-9_-]{22}$/);
    expect((await patch(url, 0, bytes('hello '))).headers['Upload-Offset']).toBe('6');
    const mid = await head(url);
    expect(mid.headers).toMatchObject({ 'Upload-Offset': '6', 'Upload-Length': '11', 'Cache-Control': 'no-store' });
    expect(mid.headers['Upload-Metadata']).toBe(`filename ${Buffer.from('a.mp4').toString('base64')}`);
    expect(mid.headers['Upload-Expires']).toBe(new Date(clock + 60_000).toUTCString());
    const done = await patch(url, 6, bytes('wor', 'ld'));
    expect(done.status).toBe(204);
    expect(done.headers['Upload-Offset']).toBe('11');
    const finished = await getFinishedUpload(dataDir, url);
    expect(finished).toMatchObject({ length: 11, metadata: { filename: 'a.mp4' } });
    expect(await readFile(finished?.path ?? '', 'utf8')).toBe('hello world');
  });

  it('creation-with-upload stores the POST body', async () => {
    const res = await service.handle(req('POST', '/uploads', { ...OPERATOR, ...OCTETS, 'upload-length': '5', 'content-length': '3' }), bytes('abc'));
    expect(res.status).toBe(201);
    expect(res.headers['Upload-Offset']).toBe('3');
    expect((await head(res.headers.Location ?? '')).headers['Upload-Offset']).toBe('3');
  });

  it('rejects bad creation requests', async () => {
    const post = (headers: Record<string, string>) => service.handle(req('POST', '/uploads/', { ...OPERATOR, ...headers }), bytes());
    expect((await post({})).status).toBe(400);
    expect((await post({ 'upload-length': '-1' })).status).toBe(400);
    expect((await post({ 'upload-length': String(20 * 1024 ** 3 + 1) })).status).toBe(413);
    expect((await post({ 'upload-length': '1', 'upload-metadata': 'a !!' })).status).toBe(400);
    expect((await post({ 'upload-defer-length': '1' })).status).toBe(400);
    expect((await post({ 'upload-length': '1', 'content-length': '1' })).status).toBe(415);
  });

  it('honours a configured max size', async () => {
    service = newService({ maxSize: 100 });
    expect((await service.handle(req('POST', '/uploads/', { ...OPERATOR, 'upload-length': '101' }), bytes())).status).toBe(413);
    expect((await service.handle(req('POST', '/uploads/', { ...OPERATOR, 'upload-length': '100' }), bytes())).status).toBe(201);
  });

  it('checks PATCH headers and offsets', async () => {
    const url = await create(4);
    expect((await service.handle(req('PATCH', url, { 'upload-offset': '0' }), bytes('a'))).status).toBe(415);
    expect((await patch(url, 0, bytes('a'), { 'upload-offset': 'x' })).status).toBe(400);
    const mismatch = await patch(url, 2, bytes('a'));
    expect(mismatch.status).toBe(409);
    expect(mismatch.headers['Upload-Offset']).toBe('0');
    expect((await patch(url, 0, bytes('abcde'), { 'content-length': '5' })).status).toBe(413);
    expect((await patch('/uploads/AAAAAAAAAAAAAAAAAAAAAA', 0, bytes('a'))).status).toBe(404);
    expect((await patch('/uploads/..%2f..%2fetc', 0, bytes('a'))).status).toBe(404);
  });

  it('discards a body that runs past Upload-Length without Content-Length', async () => {
    const url = await create(4);
    expect((await patch(url, 0, bytes('abc', 'de'))).status).toBe(413);
    expect((await head(url)).headers['Upload-Offset']).toBe('0');
  });

  it('rejects a concurrent PATCH with 423 while one is writing', async () => {
    const url = await create(10);
    const queue = new BodyQueue({ pause: () => undefined, resume: () => undefined });
    const first = patch(url, 0, queue);
    queue.push(Buffer.from('abc'), false);
    // The first PATCH took the lock synchronously, before its first await.
    expect((await patch(url, 0, bytes('x'))).status).toBe(423);
    expect((await service.handle(req('DELETE', url), bytes())).status).toBe(423);
    queue.push(Buffer.from('de'), true);
    expect((await first).headers['Upload-Offset']).toBe('5');
    expect((await patch(url, 5, bytes('x'))).status).toBe(204);
  });

  it('verifies checksums: 460 leaves the offset, 400 for unknown algorithms', async () => {
    const url = await create(10);
    const sha1 = (s: string) => `sha1 ${createHash('sha1').update(s).digest('base64')}`;
    const sha256 = (s: string) => `sha256 ${createHash('sha256').update(s).digest('base64')}`;
    expect((await patch(url, 0, bytes('hello'), { 'upload-checksum': sha1('hello') })).headers['Upload-Offset']).toBe('5');
    expect((await patch(url, 5, bytes('world'), { 'upload-checksum': sha1('WORLD') })).status).toBe(460);
    expect((await head(url)).headers['Upload-Offset']).toBe('5');
    expect((await stat(service.context.store.dataPath(url.slice(-22)))).size).toBe(5);
    expect((await patch(url, 5, bytes('world'), { 'upload-checksum': `crc32 ${Buffer.alloc(4).toString('base64')}` })).status).toBe(400);
    expect((await patch(url, 5, bytes('world'), { 'upload-checksum': sha256('world') })).headers['Upload-Offset']).toBe('10');
  });

  it('keeps the received part of an aborted body, but not of an aborted checksummed one', async () => {
    const url = await create(10);
    const queue = new BodyQueue({ pause: () => undefined, resume: () => undefined });
    const pending = patch(url, 0, queue);
    queue.push(Buffer.from('abcd'), false);
    queue.abort(); // what arrived before the abort is kept, even if not yet written
    await pending;
    expect((await head(url)).headers['Upload-Offset']).toBe('4');

    const checked = new BodyQueue({ pause: () => undefined, resume: () => undefined });
    const pending2 = patch(url, 4, checked, { 'upload-checksum': `sha1 ${createHash('sha1').update('efghij').digest('base64')}` });
    checked.push(Buffer.from('ef'), false);
    checked.abort();
    await pending2;
    expect((await head(url)).headers['Upload-Offset']).toBe('4');
  });

  it('commits intermediate offsets during a long body', async () => {
    service = newService({ commitEveryBytes: 4 });
    const url = await create(100);
    const queue = new BodyQueue({ pause: () => undefined, resume: () => undefined });
    const pending = patch(url, 0, queue);
    queue.push(Buffer.from('0123'), false);
    queue.push(Buffer.from('4567'), false);
    // A HEAD during the PATCH sees the durable progress once both commits are done.
    await expect.poll(async () => (await head(url)).headers['Upload-Offset'], { timeout: 5000, interval: 10 }).toBe('8');
    queue.push(Buffer.from('89'), true);
    expect((await pending).headers['Upload-Offset']).toBe('10');
  });

  it('recovers the committed offset after a crash left unacknowledged bytes', async () => {
    const url = await create(10);
    await patch(url, 0, bytes('abc'));
    const id = url.slice(-22);
    // Simulate a kill -9 mid-PATCH: bytes reached the file but the offset was never committed.
    await appendFile(service.context.store.dataPath(id), 'XYZ');
    await writeFile(join(service.context.store.dir, 'deadbeefdeadbeefdeadbe'), 'orphan');
    service = newService();
    await service.init();
    expect((await head(url)).headers['Upload-Offset']).toBe('3');
    await expect(stat(join(service.context.store.dir, 'deadbeefdeadbeefdeadbe'))).rejects.toThrow();
    expect((await patch(url, 3, bytes('defghij'))).headers['Upload-Offset']).toBe('10');
    expect(await readFile(service.context.store.dataPath(id), 'utf8')).toBe('abcdefghij');
  });

  it('never locks live uploads for HEAD or the sweeper, so they cannot make a PATCH see 423', async () => {
    const url = await create(3);
    const locks = service.context.locks;
    const tryAcquire = locks.tryAcquire.bind(locks);
    let taken = 0;
    locks.tryAcquire = (id: string) => {
      taken += 1;
      return tryAcquire(id);
    };
    expect((await head(url)).status).toBe(200);
    expect(await service.sweepExpired()).toBe(0);
    expect(taken).toBe(0);
  });

  it('terminates: DELETE 204, then 404', async () => {
    const url = await create(3);
    expect((await service.handle(req('DELETE', url), bytes())).status).toBe(204);
    expect((await head(url)).status).toBe(404);
    expect((await service.handle(req('DELETE', url), bytes())).status).toBe(404);
  });

  it('expires unfinished uploads: 410 on access, swept from disk, finished ones kept', async () => {
    const stale = await create(3);
    const swept = await create(3);
    const finished = await create(2);
    await patch(finished, 0, bytes('ok'));
    clock += 30_000;
    await patch(stale, 0, bytes('a')); // activity pushes the deadline out
    clock += 40_000;
    expect((await head(swept)).status).toBe(410);
    expect((await head(swept)).status).toBe(404);
    expect((await head(stale)).status).toBe(200);
    clock += 30_000;
    expect(await service.sweepExpired()).toBe(1);
    expect((await head(stale)).status).toBe(404);
    expect((await head(finished)).headers['Upload-Offset']).toBe('2');
  });

  it('answers 405 for other methods and 404 outside the mount', async () => {
    const url = await create(1);
    const get = await service.handle(req('GET', url), bytes());
    expect(get.status).toBe(405);
    expect(get.headers.Allow).toContain('PATCH');
    expect((await service.handle(req('PUT', '/uploads/'), bytes())).status).toBe(405);
    expect((await service.handle(req('HEAD', '/uploads/a/b'), bytes())).status).toBe(404);
  });

  it('follows X-HTTP-Method-Override', async () => {
    const url = await create(2);
    const res = await service.handle(req('POST', url, { ...OCTETS, 'upload-offset': '0', 'x-http-method-override': 'PATCH' }), bytes('hi'));
    expect(res.status).toBe(204);
    expect(res.headers['Upload-Offset']).toBe('2');
  });
});
