/**
 * Room backups in cluster mode (issue 19.4): a room of a `serve --redis` node
 * is exported from Redis by the CLI (read-only, beside the live node) and by
 * the API, imported by the CLI under a fresh key prefix and by the API into
 * the same cluster, and in both cases a node runs it with the exported state
 * hash. A damaged file or an existing id over the API writes no key.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRoomContent, decodeRoomBackup, renameRoom } from '../server/backup/room-backup.ts';
import { playedRoom, roomState, shellCli } from './support/backup-fixtures.ts';
import { startCluster, type Cluster } from './support/cluster.ts';
import { runCliInProcess } from './support/cli.ts';
import { sleep } from './support/cluster-viewer.ts';
import { deleteKeysWithPrefix } from './support/redis-server.ts';
import { api, viewerToken } from './support/rooms-api.ts';
import { startServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

let cluster: Cluster;
let redis: Redis;
let work: TempDir;
let roomId: string;
let exported: { version: number; hash: string };
const copyPrefix = `t-${randomBytes(6).toString('hex')}:`;

beforeAll(async () => {
  work = await makeTempDir('branchcast-backup-cluster-');
  cluster = await startCluster({ nodes: 1, leaseMs: 1000, sharedRedis: true, env: { ROOM_SNAPSHOT_EVERY: '3' } });
  redis = new Redis(cluster.redis.url, { maxRetriesPerRequest: 1 });
  roomId = await playedRoom(cluster.nodes[0]!.url, cluster.adminKey);
  const state = await roomState(cluster.nodes[0]!.url, cluster.adminKey, roomId);
  exported = { version: state.version!, hash: state.hash! };
}, 90_000);
afterAll(async () => {
  await cluster?.stop();
  if (redis) {
    await deleteKeysWithPrefix(redis, copyPrefix);
    await deleteKeysWithPrefix(redis, cluster.prefix);
    await redis.quit();
  }
  await work?.remove();
});

/** Polls until a node serves the room with an owner (the sweep takes an imported room within about a third of a lease). */
async function runningRoom(url: string, room: string): Promise<{ version?: number; hash?: string; room?: string }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const state = await roomState(url, cluster.adminKey, room);
    const owner = await api(url, 'GET', `/api/cluster/rooms/${room}`, { key: cluster.adminKey });
    if (state.status === 200 && (owner.body as { owner?: string | null }).owner) return state;
    if (Date.now() > deadline) throw new Error(`room ${room} not running on ${url}: ${state.status}, owner ${JSON.stringify(owner.body)}`);
    await sleep(200);
  }
}

async function comment(url: string, room: string): Promise<number> {
  const viewer = await viewerToken(url, room);
  return (await api(url, 'POST', `/api/rooms/${room}/commands`, { key: viewer.token, body: { cmd: { type: 'comment', text: 'restored', at: 2 } } })).status;
}

const keyCount = async (prefix: string): Promise<number> => (await redis.keys(`${prefix}*`)).length;

describe('room backups in cluster mode', () => {
  it('CLI: export from Redis beside the live node, import under a fresh prefix, and a node runs it with the same state hash', async () => {
    const file = join(work.path, 'room.bcr');
    const run = await shellCli(['rooms', 'export', roomId, '--redis', cluster.redis.url, '--redis-prefix', cluster.prefix], file);
    expect(run.stderr).toContain(`room ${roomId}`);
    expect(run.code).toBe(0);
    expect(decodeRoomBackup(await readFile(file)).meta).toMatchObject({ room: roomId, stateHash: exported.hash });

    const imported = await runCliInProcess(['rooms', 'import', file, '--redis', cluster.redis.url, '--redis-prefix', copyPrefix]);
    expect(imported.code).toBe(0);
    const again = await runCliInProcess(['rooms', 'import', file, '--redis', cluster.redis.url, '--redis-prefix', copyPrefix]);
    expect(again).toMatchObject({ code: 1 });
    expect(again.stderr).toContain('room-exists');

    const node = await startServerProcess({ args: ['--redis', cluster.redis.url, '--redis-prefix', copyPrefix, '--node-id', 'copy0', '--lease-ms', '1000', '--admin-key', cluster.adminKey] });
    try {
      expect(await runningRoom(node.url, roomId)).toMatchObject({ version: exported.version, hash: exported.hash });
      expect(await comment(node.url, roomId)).toBe(200);
    } finally {
      await node.stop();
    }
  }, 60_000);

  it('API: GET /api/rooms/:id/backup, then POST /api/rooms/import?as= into the same cluster; the copy runs; damaged and existing imports write no key', async () => {
    const node = cluster.nodes[0]!;
    const auth = { Authorization: `Bearer ${cluster.adminKey}` };
    const res = await fetch(`${node.url}/api/rooms/${roomId}/backup`, { headers: auth });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(decodeRoomBackup(bytes).meta).toMatchObject({ room: roomId, stateHash: exported.hash });

    const post = (body: Uint8Array, query = '') => fetch(`${node.url}/api/rooms/import${query}`, { method: 'POST', headers: auth, body: new Uint8Array(body) });
    const keysBefore = await keyCount(cluster.prefix);
    const flipped = Buffer.from(bytes);
    flipped[bytes.length - 40]! ^= 0x01;
    const damaged = await post(flipped);
    expect(damaged.status).toBe(422);
    expect(await damaged.json()).toMatchObject({ error: { code: 'invalid-backup', reason: 'checksum' } });
    const existing = await post(bytes);
    expect(existing.status).toBe(409);
    expect(await keyCount(cluster.prefix)).toBe(keysBefore);

    expect((await post(bytes, '?as=..%2Fx')).status).toBe(400);
    const created = await post(bytes, '?as=apicopy');
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'apicopy', story: 'backup-story' });
    // The copy's state is the original's under the new id: its hash is the renamed log's fold.
    const renamedHash = checkRoomContent(renameRoom(decodeRoomBackup(bytes).content, 'apicopy')).stateHash;
    expect(await runningRoom(node.url, 'apicopy')).toMatchObject({ room: 'apicopy', version: exported.version, hash: renamedHash });
    expect(await comment(node.url, 'apicopy')).toBe(200);
  }, 60_000);
});
