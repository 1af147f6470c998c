/**
 * The cluster channels of a real 2-node cluster (two `branchcast serve
 * --redis` processes on the run's shared redis-server) under generated
 * traffic (cluster-frames.ts): frames on each node's inbox, messages on the
 * records channels of followed rooms, and entries appended to a room's log
 * stream behind its owner's back. After each batch: both nodes answer
 * /healthz; the checked room still works through either node (a new viewer's
 * vote is acknowledged); each node counted exactly the frames its decoders
 * drop in branchcast_cluster_bad_frames_total; and nothing was contained.
 */
import fc from 'fast-check';
import { pack } from 'msgpackr';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster, type ClusterNode } from '../support/cluster.ts';
import { deleteKeysWithPrefix } from '../support/redis-server.ts';
import { api, createRoom, postStory, viewerToken, type CreatedRoom } from '../support/rooms-api.ts';
import { arbBusFrame, arbRecordMessage, arbStreamFields, refusedByBus, refusedByRecords } from './cluster-frames.ts';
import { FUZZ_STORY, FUZZ_STORY_ID } from './fuzz-story.ts';
import { FuzzTally, fuzzSeed, runs } from './fuzz-settings.ts';
import { BatchSocket } from './ws-batch.ts';

const tally = new FuzzTally('cluster', fuzzSeed());

let cluster: Cluster;
let redis: Redis;
/** The room whose health is checked, and a decoy that forged requests aim at. */
let checked: CreatedRoom;
let decoy: CreatedRoom;
const watchers: BatchSocket[] = [];
const pokeStatuses = new Map<number, number>();

beforeAll(async () => {
  cluster = await startCluster({ nodes: 2, leaseMs: 1000, sharedRedis: true });
  const [n0] = cluster.nodes as [ClusterNode, ClusterNode];
  await postStory(n0.url, cluster.adminKey, FUZZ_STORY);
  [checked, decoy] = [await createRoom(n0.url, cluster.adminKey, FUZZ_STORY_ID), await createRoom(n0.url, cluster.adminKey, FUZZ_STORY_ID)];
  // The host's first command fires the cues due at 0 (the vote opens); the room stays paused.
  const host = await BatchSocket.join(n0.server.port, checked.hostToken);
  expect((await host.socket.exchange([{ bytes: pack({ t: 3, id: 'pause', cmd: { type: 'pause' } }) }])).answers[0]).toMatchObject({ t: 103 });
  await host.socket.close();
  // A viewer of each room on n1 keeps n1 following them, subscribed to their records channels.
  for (const room of [checked, decoy]) watchers.push((await BatchSocket.join(cluster.nodes[1]!.server.port, (await viewerToken(cluster.nodes[1]!.url, room.id)).token)).socket);
  redis = new Redis(cluster.redis.url, { maxRetriesPerRequest: 1 });
}, 120_000);
afterAll(async () => {
  tally.report();
  process.stdout.write(`fuzz cluster: pokes of the spoiled room answered ${JSON.stringify(Object.fromEntries(pokeStatuses))}\n`);
  await Promise.all(watchers.map((w) => w.close()));
  await cluster?.stop();
  if (redis) {
    await deleteKeysWithPrefix(redis, cluster.prefix);
    await redis.quit();
  }
});

async function metrics(node: ClusterNode): Promise<string> {
  return (await fetch(`${node.url}/metrics`)).text();
}
const badFrames = (text: string, channel: 'bus' | 'records'): number => Number(new RegExp(`^branchcast_cluster_bad_frames_total\\{channel="${channel}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);

/** Waits until `node` counted `expected` bad frames on `channel` (delivery is asynchronous), then checks it is not more. */
async function expectBadFrames(node: ClusterNode, channel: 'bus' | 'records', expected: number): Promise<void> {
  let seen = -1;
  for (let tries = 0; tries < 250 && seen < expected; tries++) {
    seen = badFrames(await metrics(node), channel);
    if (seen < expected) await new Promise((r) => setTimeout(r, 20));
  }
  expect(seen, `${node.id} bad '${channel}' frames`).toBe(expected);
}

/** Both nodes serve, nothing was contained, and a new viewer's vote in the checked room is acknowledged through each node. */
async function clusterCarriesOn(): Promise<void> {
  for (const node of cluster.nodes) {
    expect((await fetch(`${node.url}/healthz`)).status, `${node.id} healthz`).toBe(200);
    expect(await metrics(node), `${node.id} contained an error`).not.toMatch(/^branchcast_contained_errors_total\{[^}]*\} [1-9]/m);
    const { socket } = await BatchSocket.join(node.server.port, (await viewerToken(node.url, checked.id)).token);
    const { answers } = await socket.exchange([{ bytes: pack({ t: 3, id: 'vote', cmd: { type: 'vote', option: 'y' } }) }]);
    await socket.close();
    expect(answers[0], `a vote through ${node.id}`).toMatchObject({ t: 103 });
  }
}

/**
 * XADDs `fields` right after the stream's last entry (`0-<seq+1>`, the owner's
 * next record), or past it with `jump` (`<ms+1>-0`, not a room record id).
 * The owner may append in between (a watcher's presence): then try again.
 */
async function appendAfterTop(key: string, fields: Buffer[], jump: boolean): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const [ms = 0, seq = 0] = ((await redis.xrevrange(key, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0').split('-').map(Number);
    try {
      await redis.xadd(key, jump ? `${ms + 1}-0` : `${ms}-${seq + 1}`, ...fields);
      return;
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('equal or smaller')) throw error;
    }
  }
}

describe('a real 2-node cluster under generated channel traffic', () => {
  it('drops and counts garbage on each node inbox', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 1 }), fc.array(arbBusFrame(decoy.id), { minLength: 20, maxLength: 50 }), async (index, frames) => {
        const node = cluster.nodes[index] as ClusterNode;
        const before = badFrames(await metrics(node), 'bus');
        for (const frame of frames) expect(await redis.publish(`${cluster.prefix}node:${node.id}`, frame), 'subscribers of the inbox').toBe(1);
        tally.add(frames.length);
        await expectBadFrames(node, 'bus', before + frames.filter(refusedByBus).length);
        await clusterCarriesOn();
      }),
      tally.params('bus', runs(40)),
    );
  }, 600_000);

  it('drops and counts garbage on the records channels of followed rooms', async () => {
    const follower = cluster.nodes[1] as ClusterNode;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(checked.id, decoy.id), fc.array(arbRecordMessage(Date.now()), { minLength: 20, maxLength: 50 }), async (room, messages) => {
        const before = badFrames(await metrics(follower), 'records');
        for (const message of messages) expect(await redis.publish(`${cluster.prefix}room:${room}:records`, message), 'subscribers of the records channel').toBe(1);
        tally.add(messages.length);
        await expectBadFrames(follower, 'records', before + messages.filter(refusedByRecords).length);
        await clusterCarriesOn();
      }),
      tally.params('records', runs(40)),
    );
  }, 600_000);

  it('survives arbitrary entries appended to a room log stream, read back by its follower and its next owner', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbStreamFields(Date.now()), { minLength: 1, maxLength: 10 }), fc.boolean(), async (entries, jump) => {
        // A fresh room each batch, so each batch's first garbage entry meets a log that was sound.
        const spoiled = await createRoom(cluster.nodes[0]!.url, cluster.adminKey, FUZZ_STORY_ID);
        watchers.push((await BatchSocket.join(cluster.nodes[1]!.server.port, (await viewerToken(cluster.nodes[1]!.url, spoiled.id)).token)).socket);
        const key = `${cluster.prefix}room:${spoiled.id}:log`;
        for (const fields of entries) await appendAfterTop(key, fields, jump);
        tally.add(entries.length);
        // The follower hears of a record far ahead and reads the stream; the owner's next append finds the log moved on.
        await redis.publish(`${cluster.prefix}room:${spoiled.id}:records`, Buffer.concat([Buffer.from('1000000000000 '), pack({ k: 'input', input: { type: 'tick', t: Date.now() } })]));
        const poke = await api(cluster.nodes[0]!.url, 'POST', `/api/rooms/${spoiled.id}/commands`, { key: spoiled.hostToken, body: { cmd: { type: 'play' } } });
        pokeStatuses.set(poke.status, (pokeStatuses.get(poke.status) ?? 0) + 1);
        // Accepted, refused as unavailable (409), or the room cannot be loaded (503): never a 500, which is a bug.
        expect([200, 409, 503], `a command to the spoiled room: ${poke.status} ${JSON.stringify(poke.body)}`).toContain(poke.status);
        await clusterCarriesOn();
      }),
      tally.params('stream', runs(15)),
    );
  }, 600_000);
});
