/** CORS over real sockets: preflights, exposed headers, configured and default origins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveServerConfig } from '../server/config.ts';
import { createServer, type BranchcastServer } from '../server/server.ts';
import { rawRequest } from './support/raw-http.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

let dir: TempDir;
let dev: BranchcastServer;
let prod: BranchcastServer;
let devPort: number;
let prodPort: number;
const PROD_KEY = 'cors-test-operator-key-0123456789';

beforeAll(async () => {
  dir = await makeTempDir('branchcast-cors-');
  await writeFile(join(dir.path, 'seg.m4s'), 'segment');
  // Loopback-bound: localhost origins allowed by default.
  dev = createServer(resolveServerConfig({ port: '0', media: dir.path }, {}, dir.path), { log: () => undefined });
  devPort = (await dev.listen()).port;
  // Bound to all interfaces (reached via loopback here): only configured origins.
  prod = createServer(resolveServerConfig({ port: '0', host: '0.0.0.0', media: dir.path, 'allow-origin': ['https://app.example'], 'admin-key': PROD_KEY }, {}, dir.path), { log: () => undefined });
  prodPort = (await prod.listen()).port;
});

afterAll(async () => {
  await dev?.close();
  await prod?.close();
  await dir?.remove();
});

const preflight = (port: number, path: string, origin: string): ReturnType<typeof rawRequest> =>
  rawRequest(port, path, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'tus-resumable, upload-offset, content-type' },
  });

describe('CORS', () => {
  it('answers a preflight for media, uploads and unknown paths alike', async () => {
    for (const path of ['/media/seg.m4s', '/uploads/', '/uploads/abc', '/healthz', '/api/anything']) {
      const res = await preflight(devPort, path, 'http://localhost:5173');
      expect(res.status, path).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(res.headers['access-control-allow-methods']).toContain('PATCH');
      for (const name of ['Upload-Length', 'Upload-Offset', 'Tus-Resumable', 'Upload-Metadata', 'Upload-Checksum', 'Range', 'If-Range', 'Content-Type', 'Authorization', 'X-HTTP-Method-Override']) {
        expect(res.headers['access-control-allow-headers']).toContain(name);
      }
      expect(res.headers.vary).toBe('Origin');
    }
  });

  it('refuses a preflight from a foreign origin', async () => {
    const res = await preflight(devPort, '/media/seg.m4s', 'https://evil.example');
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets an allowed origin read media and range headers', async () => {
    const res = await rawRequest(devPort, '/media/seg.m4s', { headers: { Origin: 'http://127.0.0.1:3000', Range: 'bytes=0-2' } });
    expect(res.status).toBe(206);
    expect(res.headers['access-control-allow-origin']).toBe('http://127.0.0.1:3000');
    for (const name of ['Content-Range', 'Content-Length', 'Accept-Ranges', 'ETag', 'Location', 'Upload-Offset', 'Upload-Length', 'Tus-Resumable']) {
      expect(res.headers['access-control-expose-headers']).toContain(name);
    }
  });

  it('applies to /healthz and 404s too', async () => {
    const health = await rawRequest(devPort, '/healthz', { headers: { Origin: 'http://localhost:8080' } });
    expect(health.status).toBe(200);
    expect(health.headers['access-control-allow-origin']).toBe('http://localhost:8080');
    expect(JSON.parse(health.body.toString())).toMatchObject({ ok: true, version: expect.any(String) });
    const missing = await rawRequest(devPort, '/nope', { headers: { Origin: 'http://localhost:8080' } });
    expect(missing.status).toBe(404);
    expect(missing.headers['access-control-allow-origin']).toBe('http://localhost:8080');
  });

  it('lets an allowed page create a tus upload with the operator key, and read a refusal', async () => {
    const origin = 'https://app.example';
    const pre = await rawRequest(prodPort, '/uploads/', {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, tus-resumable, upload-length, upload-metadata' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(origin);
    expect(pre.headers['access-control-allow-headers']).toContain('Authorization');
    const tus = { Origin: origin, 'Tus-Resumable': '1.0.0', 'Upload-Length': '3' };
    const created = await rawRequest(prodPort, '/uploads/', { method: 'POST', headers: { ...tus, Authorization: `Bearer ${PROD_KEY}` } });
    expect(created.status).toBe(201);
    expect(created.headers['access-control-allow-origin']).toBe(origin);
    expect(created.headers['access-control-expose-headers']).toContain('Location');
    // The 401 carries CORS headers too, so a browser tus client sees why instead of a network error.
    const refused = await rawRequest(prodPort, '/uploads/', { method: 'POST', headers: tus });
    expect(refused.status).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe(origin);
  });

  it('uses only the configured origins (plus same origin) when not bound to loopback', async () => {
    const allowed = await rawRequest(prodPort, '/media/seg.m4s', { headers: { Origin: 'https://app.example' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
    const local = await rawRequest(prodPort, '/media/seg.m4s', { headers: { Origin: 'http://localhost:5173' } });
    expect(local.headers['access-control-allow-origin']).toBeUndefined();
    expect(local.status).toBe(200);
    const same = await rawRequest(prodPort, '/media/seg.m4s', { host: 'media.example:8443', headers: { Origin: 'http://media.example:8443' } });
    expect(same.headers['access-control-allow-origin']).toBe('http://media.example:8443');
    expect((await preflight(prodPort, '/uploads/', 'http://localhost:5173')).status).toBe(403);
  });
});
