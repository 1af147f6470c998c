/**
 * Room backups on one machine (issue 19.4), end to end on real processes: a
 * room played on a running server is exported (CLI beside the live server,
 * and the API), imported into a fresh data directory, and served by a new
 * server with the same version and state hash. Damaged files, an existing id
 * and a locked data directory are refused with their message, and a refused
 * import leaves the data directory byte for byte as it was.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRoomContent, decodeRoomBackup, renameRoom } from '../server/backup/room-backup.ts';
import { dirContents, playedRoom, roomState, shellCli } from './support/backup-fixtures.ts';
import { runCliInProcess } from './support/cli.ts';
import { adminKeyFrom, api, viewerToken } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

let source: ServerProcess;
let sourceData: TempDir;
let work: TempDir;
let key: string;
let roomId: string;
let exported: { version: number; hash: string };
let backupFile: string;

beforeAll(async () => {
  sourceData = await makeTempDir('branchcast-backup-src-');
  work = await makeTempDir('branchcast-backup-work-');
  // A snapshot every 3 records, so the backup carries one.
  source = await startServerProcess({ args: ['--data', sourceData.path], env: { ROOM_SNAPSHOT_EVERY: '3' } });
  key = adminKeyFrom(source.output());
  roomId = await playedRoom(source.url, key);
  const state = await roomState(source.url, key, roomId);
  exported = { version: state.version!, hash: state.hash! };
  backupFile = join(work.path, 'room.bcr');
}, 60_000);
afterAll(async () => {
  await source?.stop();
  await sourceData?.remove();
  await work?.remove();
});

/** A fresh data dir with `file` imported by the CLI, then a server on it. */
async function importAndServe(file: string, extra: string[] = []): Promise<{ dir: TempDir; server: ServerProcess; stdout: string }> {
  const dir = await makeTempDir('branchcast-backup-dst-');
  const run = await runCliInProcess(['rooms', 'import', file, '--data', dir.path, ...extra]);
  expect(run.stderr).toContain('rooms import: room');
  expect(run.code).toBe(0);
  const server = await startServerProcess({ args: ['--data', dir.path] });
  return { dir, server, stdout: run.stdout };
}

describe('room backups on a data directory', () => {
  it('exports beside the running server, imports into a fresh data dir, and the room recovers to the same state hash and serves', async () => {
    const run = await shellCli(['rooms', 'export', roomId, '--data', sourceData.path], backupFile);
    expect(run.stderr).toContain(`room ${roomId}`);
    expect(run.code).toBe(0);
    const decoded = decodeRoomBackup(await readFile(backupFile));
    expect(decoded.meta).toMatchObject({ room: roomId, story: 'backup-story', stateHash: exported.hash });
    expect(decoded.content.snapshot).toBeDefined();

    const { dir, server, stdout } = await importAndServe(backupFile);
    try {
      expect(stdout.trim()).toBe(roomId);
      const restored = await roomState(server.url, adminKeyFrom(server.output()), roomId);
      expect(restored).toMatchObject({ status: 200, version: exported.version, hash: exported.hash });
      // It runs: a new viewer joins and comments.
      const viewer = await viewerToken(server.url, roomId);
      const said = await api(server.url, 'POST', `/api/rooms/${roomId}/commands`, { key: viewer.token, body: { cmd: { type: 'comment', text: 'back', at: 2 } } });
      expect(said.status).toBe(200);
    } finally {
      await server.stop();
      await dir.remove();
    }
  }, 60_000);

  it('GET /api/rooms/:id/backup answers the same room as the CLI; POST /api/rooms/import refuses a damaged file and an existing id, and runs an imported copy at once', async () => {
    const refused = await fetch(`${source.url}/api/rooms/${roomId}/backup`);
    expect(refused.status).toBe(401);
    const res = await fetch(`${source.url}/api/rooms/${roomId}/backup`, { headers: { Authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.branchcast.room-backup');
    const fromApi = decodeRoomBackup(new Uint8Array(await res.arrayBuffer()));
    const fromCli = decodeRoomBackup(await readFile(backupFile));
    expect({ ...fromApi.meta, exportedAt: '' }).toEqual({ ...fromCli.meta, exportedAt: '' });
    expect(fromApi.content.records.map((r) => Buffer.from(r.data).toString('base64'))).toEqual(fromCli.content.records.map((r) => Buffer.from(r.data).toString('base64')));
    expect((await fetch(`${source.url}/api/rooms/nope/backup`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(404);

    const before = await dirContents(sourceData.path);
    const good = await readFile(backupFile);
    const post = (body: Uint8Array) => fetch(`${source.url}/api/rooms/import`, { method: 'POST', headers: { Authorization: `Bearer ${key}` }, body: new Uint8Array(body) });
    const damaged = await post(good.subarray(0, good.length - 7));
    expect(damaged.status).toBe(422);
    expect(await damaged.json()).toMatchObject({ error: { code: 'invalid-backup', reason: 'truncated' } });
    const existing = await post(good);
    expect(existing.status).toBe(409);
    expect(await dirContents(sourceData.path)).toEqual(before);

    // Under a new id the copy runs on this very server, without a restart: same version, and
    // the hash of the renamed log's fold.
    const copy = await fetch(`${source.url}/api/rooms/import?as=localcopy`, { method: 'POST', headers: { Authorization: `Bearer ${key}` }, body: new Uint8Array(good) });
    expect(copy.status).toBe(201);
    expect(await copy.json()).toMatchObject({ id: 'localcopy', story: 'backup-story' });
    const renamedHash = checkRoomContent(renameRoom(decodeRoomBackup(good).content, 'localcopy')).stateHash;
    expect(await roomState(source.url, key, 'localcopy')).toMatchObject({ status: 200, version: exported.version, hash: renamedHash });
    const viewer = await viewerToken(source.url, 'localcopy');
    const said = await api(source.url, 'POST', '/api/rooms/localcopy/commands', { key: viewer.token, body: { cmd: { type: 'comment', text: 'copied', at: 2 } } });
    expect(said.status).toBe(200);
  }, 30_000);

  it('refuses a truncated or flipped file, an existing room and a locked data dir, writing nothing; --as imports under a new id', async () => {
    const good = await readFile(backupFile);
    const flipped = Buffer.from(good);
    flipped[Math.floor(good.length / 2)]! ^= 0x40;
    await writeFile(join(work.path, 'flipped.bcr'), flipped);
    await writeFile(join(work.path, 'truncated.bcr'), good.subarray(0, Math.floor(good.length * 0.8)));

    const { dir, server } = await importAndServe(backupFile);
    await server.stop();
    try {
      const before = await dirContents(dir.path);
      const cases: Array<[string, string]> = [
        ['flipped.bcr', 'checksum: checksum mismatch: the file is damaged'],
        ['truncated.bcr', 'truncated: truncated:'],
        ['room.bcr', `room-exists: room ${roomId} already exists`],
      ];
      for (const [file, message] of cases) {
        const run = await runCliInProcess(['rooms', 'import', join(work.path, file), '--data', dir.path]);
        expect(run.code, file).toBe(1);
        expect(run.stderr, file).toContain(message);
        expect(await dirContents(dir.path), file).toEqual(before);
      }
      const missing = await runCliInProcess(['rooms', 'import', join(work.path, 'missing.bcr'), '--data', dir.path]);
      expect(missing).toMatchObject({ code: 2 });
      expect(missing.stderr).toContain('ENOENT');
      // Beside a running server the data dir is locked: the refusal names the API.
      const locked = await runCliInProcess(['rooms', 'import', backupFile, '--as', 'copy1', '--data', sourceData.path]);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain('POST /api/rooms/import');

      const renamed = await runCliInProcess(['rooms', 'import', backupFile, '--as', 'copy1', '--data', dir.path]);
      expect(renamed.code).toBe(0);
      const again = await startServerProcess({ args: ['--data', dir.path] });
      try {
        const copyKey = adminKeyFrom(again.output());
        expect(await roomState(again.url, copyKey, 'copy1')).toMatchObject({ status: 200, room: 'copy1', version: exported.version });
        expect(await roomState(again.url, copyKey, roomId)).toMatchObject({ status: 200, hash: exported.hash });
      } finally {
        await again.stop();
      }
    } finally {
      await dir.remove();
    }
  }, 60_000);
});
