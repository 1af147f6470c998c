/**
 * Path traversal against /media over raw sockets (fetch would normalise the
 * attacks away). Nothing outside the media root may ever come back.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../server/config.ts';
import { createServer, type BranchcastServer } from '../server/server.ts';
import { rawRequest } from './support/raw-http.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOT';
let outer: TempDir;
let root: string;
let server: BranchcastServer;
let port: number;

beforeAll(async () => {
  // <outer>/secret.txt sits next to the media root <outer>/media.
  outer = await makeTempDir('branchcast-traversal-');
  root = join(outer.path, 'media');
  await mkdir(join(root, 'story'), { recursive: true });
  await writeFile(join(outer.path, 'secret.txt'), SECRET);
  await mkdir(join(outer.path, 'elsewhere'));
  await writeFile(join(outer.path, 'elsewhere', 'seg.m4s'), SECRET);
  await writeFile(join(root, 'story', 'ok.m4s'), 'inside');
  await symlink(join(outer.path, 'secret.txt'), join(root, 'story', 'escape.m4s'));
  await symlink(join(outer.path, 'elsewhere'), join(root, 'linked-dir'));
  await symlink('/etc/passwd', join(root, 'passwd'));
  await symlink(join(root, 'story', 'ok.m4s'), join(root, 'alias.m4s'));
  await writeFile(join(root, '.hidden'), SECRET);
  server = createServer(resolveServerConfig({ port: '0', media: root }, {}, outer.path), { log: () => undefined });
  port = (await server.listen()).port;
});

afterAll(async () => {
  await server?.close();
  await outer?.remove();
});

describe('path traversal', () => {
  it.each([
    '/media/../secret.txt',
    '/media/story/../../secret.txt',
    '/media/%2e%2e/secret.txt',
    '/media/%2E%2E/secret.txt',
    '/media/.%2e/secret.txt',
    '/media/story/%2e%2e/%2e%2e/secret.txt',
    '/media/..%2fsecret.txt',
    '/media/..%2Fsecret.txt',
    '/media/story%2f..%2f..%2fsecret.txt',
    '/media/%2e%2e%2fsecret.txt',
    '/media/..%5csecret.txt',
    '/media/..\\secret.txt',
    '/media//etc/passwd',
    '/media/%2fetc%2fpasswd',
    `/media/${encodeURIComponent('/etc/passwd')}`,
    '/media/story/ok.m4s%00.mpd',
    '/media/secret.txt%00',
    '/media/story/escape.m4s',
    '/media/linked-dir/seg.m4s',
    '/media/passwd',
    '/media/.hidden',
    '/media/%2ehidden',
    '/media/%c0%ae%c0%ae/secret.txt',
    '/media/%252e%252e/secret.txt',
    '/media/story/',
    '/../secret.txt',
    '/media/../../../../../../etc/passwd',
  ])('%s → 400 or 404, never the file', async (path) => {
    const res = await rawRequest(port, path);
    expect([400, 404]).toContain(res.status);
    expect(res.body.toString('latin1')).not.toContain(SECRET);
    expect(res.body.toString('latin1')).not.toContain('root:');
  });

  it('still serves files inside the root, including symlinks that stay inside', async () => {
    expect((await rawRequest(port, '/media/story/ok.m4s')).body.toString()).toBe('inside');
    expect((await rawRequest(port, '/media/alias.m4s')).body.toString()).toBe('inside');
  });

  it('survives hostile headers and keeps serving', async () => {
    const hostile: Array<Record<string, string>> = [
      { Range: `bytes=${'1-2,'.repeat(1500)}` },
      { Range: 'bytes=99999999999999999999999999-' },
      { Range: 'bytes=-99999999999999999999999999' },
      { 'If-Range': '"'.repeat(3000) },
      { 'If-None-Match': ',,,,W/,"",*,W/"' },
      { 'If-Modified-Since': 'Sun, 99 Foo 9999 99:99:99 GMT' },
      { Range: 'bytes=\u00ff-\u00fe' },
    ];
    for (const headers of hostile) {
      const res = await rawRequest(port, '/media/story/ok.m4s', { headers });
      expect([200, 206, 304, 416]).toContain(res.status);
    }
    expect((await rawRequest(port, '/media/story/ok.m4s')).status).toBe(200);
  });
});
