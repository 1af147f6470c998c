/**
 * Moderation in cluster mode (issue 19.5): a kick is room state folded from
 * the log, so a follower node knows it too. A kick made on the owner closes
 * the viewer's socket on the follower with 4009 and refuses its HELLO there;
 * a comment removed on the owner is not in a late joiner's COMMENTS on the follower.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster, type ClusterNode } from './support/cluster.ts';
import { RoomClient } from './support/room-client.ts';
import { createRoom, postStory, viewerToken } from './support/rooms-api.ts';

const story = {
  format: 'branchcast/story@1',
  id: 'cluster-moderation',
  title: 'Cluster moderation',
  start: 'a',
  nodes: {
    a: { media: { src: 'cm/a.mpd', duration: 600 }, next: 'b' },
    b: { media: { src: 'cm/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

describe('cluster moderation', () => {
  let cluster: Cluster;
  const clients: RoomClient[] = [];
  const connect = async (url: string, token?: string): Promise<RoomClient> => {
    const client = await RoomClient.connect(url, token === undefined ? {} : { token });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, leaseMs: 1500, sharedRedis: true });
    await postStory((cluster.nodes[0] as ClusterNode).url, cluster.adminKey, story);
  }, 90_000);
  afterAll(async () => {
    for (const c of clients) c.terminate();
    await cluster?.stop();
  });

  it('a kick on the owner closes the viewer on the follower with 4009 and refuses its HELLO there; a removed comment stays gone there', async () => {
    const [n0, n1] = cluster.nodes as [ClusterNode, ClusterNode];
    const room = await createRoom(n1.url, cluster.adminKey, story.id);
    expect(await cluster.ownerOf(room.id)).toBe('n1');
    const host = await connect(n1.url, room.hostToken);
    await host.welcome();

    const { token } = await viewerToken(n0.url, room.id);
    const viewer = await connect(n0.url, token);
    const sub = (await viewer.welcome()).sub as string;
    const posted = await viewer.command({ type: 'comment', text: 'to be removed', at: 5 });
    expect(posted).toMatchObject({ t: 103 });
    const comment = await host.waitForEvent('comment');
    expect(await host.command({ type: 'remove-comment', comment: comment.id })).toMatchObject({ t: 103 });
    await viewer.waitForEvent('comment-removed');

    expect(await host.command({ type: 'kick', sub })).toMatchObject({ t: 103 });
    expect(await viewer.closed).toEqual({ code: 4009, reason: 'you were removed from this room' });

    const hello = await connect(n0.url);
    hello.send({ t: 1, token });
    expect(await hello.closed).toMatchObject({ code: 4009 });
    const byUrl = await connect(n0.url, token);
    expect(await byUrl.closed).toMatchObject({ code: 4009 });

    // Someone else still joins the follower, without the removed comment.
    const late = await connect(n0.url, (await viewerToken(n0.url, room.id)).token);
    await late.welcome();
    const frame = await late.waitFor((f) => f.t === 107);
    expect((frame.comments as Array<{ id: string }>).map((c) => c.id)).not.toContain(comment.id);
  }, 60_000);
});
