/**
 * Rate limits per client across nodes (issue 18.6): each socket has its own
 * budget, and a client with sockets on two nodes must not get twice its
 * budget. The room's owner holds one budget per subject for every command
 * of the room, its own sockets' and the ones other nodes forward.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster, type ClusterNode } from './support/cluster.ts';
import type { Frame } from './support/room-client.ts';
import { createRoom, postStory, viewerToken } from './support/rooms-api.ts';
import { trackedClients } from './support/tracked-clients.ts';

/** 5 commands a second, bursts of 10, per socket and (now) per subject per room. */
const PER_SECOND = 5;
const BURST = 2 * PER_SECOND;
const story = {
  format: 'branchcast/story@1',
  id: 'cluster-rate-limit',
  title: 'Cluster rate limit',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'crl/a.mpd', duration: 600 },
      hotspots: [{ id: 'spot', kind: 'link', from: 0, to: 600, region: { x: 0.1, y: 0.1, w: 0.2, h: 0.2 }, url: 'https://example.com/' }],
      ending: { title: 'A' },
    },
  },
};

describe('a client spread over two nodes', () => {
  let cluster: Cluster;
  const clients = trackedClients();
  const connect = clients.connect;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, leaseMs: 1500, sharedRedis: true, env: { COMMANDS_PER_SECOND: String(PER_SECOND) } });
    await postStory((cluster.nodes[0] as ClusterNode).url, cluster.adminKey, story);
  }, 90_000);
  afterAll(async () => {
    clients.terminateAll();
    await cluster?.stop();
  });

  it('gets one budget, not one per node: the owner refuses what is over it', async () => {
    const [n0, n1] = cluster.nodes as [ClusterNode, ClusterNode];
    const room = await createRoom(n1.url, cluster.adminKey, story.id);
    expect(await cluster.ownerOf(room.id)).toBe('n1');
    // One viewer (one subject), a socket on the follower node and one on the owner's.
    const { token } = await viewerToken(n0.url, room.id);
    const sockets = [await connect(n0, token), await connect(n1, token)];
    // A burst on each socket: each socket's own bucket lets all of them through.
    const started = Date.now();
    const answers: Frame[] = (
      await Promise.all(sockets.map((socket, s) => Promise.all(Array.from({ length: BURST }, (_, i) => socket.command({ type: 'hotspot', hotspot: 'spot', action: 'impression' }, `s${s}-${i}`)))))
    ).flat();
    const seconds = (Date.now() - started) / 1000;
    const acked = answers.filter((a) => a.t === 103).length;
    const limited = answers.filter((a) => a.t === 104 && a.code === 'rate-limited').length;
    expect(acked + limited).toBe(2 * BURST);
    // One subject's budget: the burst, plus what refilled while the commands were under way.
    expect(acked).toBeLessThanOrEqual(BURST + Math.ceil(seconds * PER_SECOND) + 1);
    expect(limited).toBeGreaterThan(0);
  }, 60_000);
});
