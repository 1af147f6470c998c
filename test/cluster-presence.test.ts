/**
 * `present` in a cluster (issue 18.6): each node reports its own viewers of a
 * room with an expiry, and hosts see the sum over the nodes still reporting.
 * A node killed with -9 never logs its viewers' leaves; its viewers must
 * still stop counting within the report's TTL (the lease time).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster, type ClusterNode } from './support/cluster.ts';
import type { Frame } from './support/room-client.ts';
import { createRoom, postStory, viewerToken } from './support/rooms-api.ts';
import { trackedClients } from './support/tracked-clients.ts';

const LEASE_MS = 1500;
const STATS = 108;
const story = {
  format: 'branchcast/story@1',
  id: 'cluster-presence',
  title: 'Cluster presence',
  start: 'a',
  nodes: { a: { media: { src: 'cp/a.mpd', duration: 600 }, ending: { title: 'A' } } },
};

describe('present over live nodes', () => {
  let cluster: Cluster;
  const clients = trackedClients();
  const connect = clients.connect;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, leaseMs: LEASE_MS, sharedRedis: true });
    await postStory((cluster.nodes[0] as ClusterNode).url, cluster.adminKey, story);
  }, 90_000);
  afterAll(async () => {
    clients.terminateAll();
    await cluster?.stop();
  });

  it('a follower node killed with its viewers: the hosts\' STATS count drops to the live nodes\' within the TTL', async () => {
    const [n0, n1] = cluster.nodes as [ClusterNode, ClusterNode];
    const room = await createRoom(n1.url, cluster.adminKey, story.id);
    expect(await cluster.ownerOf(room.id)).toBe('n1');
    const host = await connect(n1, room.hostToken);
    // Three viewers on the follower node, one on the owner's.
    for (const node of [n0, n0, n0, n1]) await connect(node, (await viewerToken(node.url, room.id)).token);
    const present = (count: number) => (f: Frame): boolean => f.t === STATS && f.present === count;
    await host.waitFor(present(5), 10_000); // the host and four viewers

    await cluster.kill('n0');
    const killedAt = Date.now();
    await host.waitFor(present(2), 10_000); // the host and the viewer on n1
    // The TTL, a refresh (lease/3) and the stats throttle (1 s), with slack for a loaded machine.
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + LEASE_MS / 3 + 1000 + 2000);
  }, 60_000);
});
