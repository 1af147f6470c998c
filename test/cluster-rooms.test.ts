/**
 * Cluster mode, node by node (issue 8): two real nodes on one real Redis.
 * Any node serves any viewer; commands and votes from a follower node reach
 * the owner; votes arrive as merged batches and count once per viewer, even
 * after a reconnect through the other node; a close from a follower closes
 * everyone; a graceful stop hands the lease over at once.
 */
import { Redis } from 'ioredis';
import { unpack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLogEntry, foldEntry, hashRoomState, type RoomFold } from '../engine/index.ts';
import { startCluster, type Cluster } from './support/cluster.ts';
import { RoomClient, type Frame } from './support/room-client.ts';
import { api, createRoom, postStory, viewerToken } from './support/rooms-api.ts';

const story = {
  format: 'branchcast/story@1',
  id: 'cluster-votes',
  title: 'Cluster votes',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'cv/a.mpd', duration: 60 },
      choice: { opens: 0.2, closes: 50, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'c' }] },
      hotspots: [{ id: 'deal', kind: 'coupon', from: 0, to: 60, region: { x: 0.1, y: 0.1, w: 0.2, h: 0.2 }, campaign: 'cluster-deal', limit: 1 }],
    },
    b: { media: { src: 'cv/b.mpd', duration: 1 }, ending: { title: 'B' } },
    c: { media: { src: 'cv/c.mpd', duration: 1 }, ending: { title: 'C' } },
  },
};

type LoggedInput = { k: string; input?: { type: string; votes?: unknown[]; command?: { type: string } } };

describe('cluster rooms', () => {
  let cluster: Cluster;
  let redis: Redis;
  const clients: RoomClient[] = [];
  const connect = async (url: string, token: string): Promise<RoomClient> => {
    const client = await RoomClient.connect(url, { token });
    clients.push(client);
    await client.welcome();
    return client;
  };
  const loggedInputs = async (room: string): Promise<LoggedInput[]> =>
    (await redis.xrangeBuffer(`${cluster.prefix}room:${room}:log`, '-', '+')).map(([, fields]) => unpack(fields[1] as Buffer) as LoggedInput);

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, leaseMs: 1500, env: { FOLLOW_IDLE_MS: '1500' } });
    redis = new Redis(cluster.redis.url);
    // Posted through one node; the tests use it through the other.
    await postStory((cluster.nodes[0] as Cluster['nodes'][0]).url, cluster.adminKey, story);
  }, 90_000);
  afterAll(async () => {
    for (const c of clients) c.terminate();
    redis.disconnect();
    await cluster?.stop();
  });

  it('serves any viewer on any node, forwards commands, and merges votes into batches that count each viewer once', async () => {
    const [n0, n1] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const listed = await api(n1.url, 'GET', '/api/stories', { key: cluster.adminKey });
    expect((listed.body as Array<{ id: string }>).map((s) => s.id)).toContain(story.id);
    const room = await createRoom(n1.url, cluster.adminKey, story.id);
    expect(await cluster.ownerOf(room.id)).toBe('n1');

    // The host drives the room from the follower node.
    const host = await connect(n0.url, room.hostToken);
    expect(await host.command({ type: 'play' })).toMatchObject({ t: 103 });
    const tokens = await Promise.all(Array.from({ length: 12 }, async (_, i) => (await viewerToken(i % 2 ? n0.url : n1.url, room.id)).token));
    const viewers = await Promise.all(tokens.map((token, i) => connect(i % 3 === 0 ? n1.url : n0.url, token)));
    // The choice is open: heard as an event, or already in the join's snapshot (a slow join, on a loaded machine).
    const choiceOpen = (f: Frame): boolean =>
      (f.t === 101 && (f.events as Array<{ type: string }>).some((e) => e.type === 'choice-open')) || (f.t === 100 && (f.snapshot as { phase?: string } | undefined)?.phase === 'open');
    await Promise.all(viewers.map((v) => v.waitFor(choiceOpen)));
    expect((await cluster.roomsOf(n0)).rooms).toEqual([{ id: room.id, role: 'follower' }]);

    // Everyone votes x at once, then the n0 viewers change to y: 12 + 8 votes.
    const acks = await Promise.all(viewers.map((v) => v.command({ type: 'vote', option: 'x' })));
    expect(acks.every((a) => a.t === 103)).toBe(true);
    const changed = viewers.filter((_, i) => i % 3 !== 0);
    const changedTokens = tokens.filter((_, i) => i % 3 !== 0);
    expect((await Promise.all(changed.map((v) => v.command({ type: 'vote', option: 'y' })))).every((a) => a.t === 103)).toBe(true);

    // One viewer leaves n0 and votes again through the owner's node with a new command: still one vote.
    await (changed[0] as RoomClient).close();
    const moved = await connect(n1.url, changedTokens[0] as string);
    expect(await moved.command({ type: 'vote', option: 'x' }, 'moved-1')).toMatchObject({ t: 103 });

    const expected = { x: 4 + 1, y: 7 };
    const tallyOn = (client: RoomClient, name: string): Promise<Frame> =>
      client.waitFor((f) => f.t === 105 && JSON.stringify(f.counts) === JSON.stringify(expected), 10_000).catch((e: unknown) => {
        throw new Error(`${name} (${client.frames.length} frames): ${String(e)}`);
      });
    // The same live tally on both nodes (followers fold no votes: they relay the owner's merged tally).
    await Promise.all([tallyOn(host, 'host on n0'), tallyOn(moved, 'moved viewer on n1'), tallyOn(viewers[2] as RoomClient, 'viewer on n0')]);
    // A viewer joining the follower node after the votes stopped sees the owner's counts in its snapshot (the follower's own vote book is empty).
    const late = await RoomClient.connect(n0.url, { token: (await viewerToken(n0.url, room.id)).token });
    clients.push(late);
    expect(((await late.welcome()).snapshot as { choice?: { counts?: unknown } }).choice?.counts).toEqual(expected);

    // All 21 votes reached the log as a few merged 'votes' records (one per node per 100 ms at most), none one by one:
    // the owner node batches its own viewers' votes too.
    const inputs = await loggedInputs(room.id);
    const batches = inputs.filter((e) => e.input?.type === 'votes');
    expect(batches.reduce((n, e) => n + (e.input?.votes?.length ?? 0), 0)).toBe(12 + 8 + 1);
    expect(batches.length).toBeLessThanOrEqual(8);
    expect(inputs.filter((e) => e.input?.command?.type === 'vote')).toEqual([]);

    // Both nodes hold folds of the same records: the owner's in full, the follower's without votes
    // (docs/scaling.md, "Merged tallies"): the owner's state with an empty vote book, at the same version.
    // (Polled briefly: a presence record may still be on its way to the follower.)
    const snapshotOf = async (url: string): Promise<{ version: number; hash: string }> => (await api(url, 'GET', `/api/rooms/${room.id}`, { key: cluster.adminKey })).body as { version: number; hash: string };
    const foldsOfLog = async (): Promise<{ full: string; skipped: string }> => {
      let full: RoomFold | undefined;
      let skipped: RoomFold | undefined;
      for (const [, fields] of await redis.xrangeBuffer(`${cluster.prefix}room:${room.id}:log`, '-', '+')) {
        const entry = decodeLogEntry(fields[1] as Buffer);
        full = foldEntry(full, entry).fold;
        skipped = foldEntry(skipped, entry, { skipVotes: true }).fold;
      }
      return { full: hashRoomState((full as RoomFold).state), skipped: hashRoomState((skipped as RoomFold).state) };
    };
    let pair = await Promise.all([snapshotOf(n0.url), snapshotOf(n1.url)]);
    let folds = await foldsOfLog();
    for (let i = 0; i < 30 && (pair[0].hash !== folds.skipped || pair[1].hash !== folds.full); i++) {
      await new Promise((r) => setTimeout(r, 100));
      pair = await Promise.all([snapshotOf(n0.url), snapshotOf(n1.url)]);
      folds = await foldsOfLog();
    }
    expect(folds.skipped).not.toBe(folds.full); // votes are in: the two folds differ in the vote book
    expect(pair[0]).toMatchObject({ hash: folds.skipped, version: pair[1].version });
    expect(pair[1].hash).toBe(folds.full);

    // Operators see the same on the follower's /metrics.
    const metrics = await (await fetch(`${n0.url}/metrics`)).text();
    expect(metrics).toMatch(/^branchcast_cluster_rooms_followed 1$/m);
    expect(Number(/^branchcast_cluster_vote_batch_votes_sum (\d+)/m.exec(metrics)?.[1])).toBe(16);
    expect(metrics).toMatch(/^branchcast_cluster_forwarded_total\{kind="cmd",outcome="ok"\} 1$/m); // the host's play
  }, 60_000);

  it('a comment posted on a follower reaches both nodes; a close from a follower closes every socket with 4005', async () => {
    const [n0, n1] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const room = await createRoom(n1.url, cluster.adminKey, story.id);
    const onOwner = await connect(n1.url, (await viewerToken(n1.url, room.id)).token);
    const onFollower = await connect(n0.url, (await viewerToken(n0.url, room.id)).token);
    const comment = onFollower.command({ type: 'comment', text: 'hello from n0', at: 0 });
    expect(await comment).toMatchObject({ t: 103 });
    await Promise.all([onOwner.waitForEvent('comment'), onFollower.waitForEvent('comment')]);

    expect((await api(n0.url, 'DELETE', `/api/rooms/${room.id}`, { key: cluster.adminKey })).status).toBe(204);
    await Promise.all([onOwner.waitForEvent('closed'), onFollower.waitForEvent('closed')]);
    expect((await onOwner.closed).code).toBe(4005);
    expect((await onFollower.closed).code).toBe(4005);
  }, 30_000);

  it('coupon claims draw on one campaign ledger in Redis: the limit holds across rooms owned by different nodes', async () => {
    const [n0, n1] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const room = await createRoom(n1.url, cluster.adminKey, story.id);
    const other = await createRoom(n0.url, cluster.adminKey, story.id);
    const aliceToken = (await viewerToken(n0.url, room.id)).token;
    const alice = await connect(n0.url, aliceToken);
    const bob = await connect(n0.url, (await viewerToken(n0.url, other.id)).token);
    // Alice's claim is forwarded from n0 to n1 (the room's owner), which issues it.
    const first = await alice.command({ type: 'claim', hotspot: 'deal' });
    expect(first).toMatchObject({ t: 103, data: { code: expect.any(String) } });
    // Limit 1, per campaign: bob's room is owned by n0, whose ledger must know n1 issued the only code.
    expect(await bob.command({ type: 'claim', hotspot: 'deal' })).toMatchObject({ t: 104, code: 'bad-state' });
    // Alice through the owner's node, with a new command id: the ledger gives her the same code back.
    const aliceOnOwner = await connect(n1.url, aliceToken);
    expect(await aliceOnOwner.command({ type: 'claim', hotspot: 'deal' }, 'again')).toMatchObject({ t: 103, data: { code: (first.data as { code: string }).code } });
  }, 30_000);

  it('a node drops a room it follows once none of its sockets watch it, and follows it again on the next join', async () => {
    const [n0, n1] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const room = await createRoom(n1.url, cluster.adminKey, story.id);
    const token = (await viewerToken(n0.url, room.id)).token;
    const first = await connect(n0.url, token);
    const followed = async (): Promise<boolean> => (await cluster.roomsOf(n0)).rooms.some((r) => r.id === room.id);
    expect(await followed()).toBe(true);
    await first.close();
    let dropped = false;
    for (let i = 0; i < 80 && !dropped; i++) {
      dropped = !(await followed());
      if (!dropped) await new Promise((r) => setTimeout(r, 100));
    }
    expect(dropped).toBe(true);
    const again = await connect(n0.url, token);
    expect(await again.command({ type: 'comment', text: 'back', at: 1 })).toMatchObject({ t: 103 });
    await again.waitForEvent('comment');
  }, 30_000);

  it('a follower whose Redis subscription dropped catches up from the stream when it is back', async () => {
    const [n0, n1] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const room = await createRoom(n1.url, cluster.adminKey, story.id);
    const onFollower = await connect(n0.url, (await viewerToken(n0.url, room.id)).token);
    const onOwner = await connect(n1.url, (await viewerToken(n1.url, room.id)).token);
    // Cut every subscriber connection, then log a comment at once: its live message reaches nobody on n0.
    await redis.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    expect(await onOwner.command({ type: 'comment', text: 'while you were away', at: 2 })).toMatchObject({ t: 103 });
    const seen = await onFollower.waitForEvent('comment', 10_000);
    expect(seen).toMatchObject({ text: 'while you were away' });
  }, 30_000);

  it('a node that stops gracefully hands its rooms over at once, not after a lease time', async () => {
    const [n0, n1] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const room = await createRoom(n1.url, cluster.adminKey, story.id);
    const viewer = await connect(n0.url, (await viewerToken(n0.url, room.id)).token);
    const stopped = Date.now();
    await n1.server.stop();
    let owner: string | null = null;
    for (let i = 0; i < 100 && owner !== 'n0'; i++) {
      owner = await cluster.ownerOf(room.id, n0);
      if (owner !== 'n0') await new Promise((r) => setTimeout(r, 50));
    }
    expect(owner).toBe('n0');
    // Released on shutdown, then swept up by n0 within one sweep interval (lease/3), not a whole lease.
    expect(Date.now() - stopped).toBeLessThan(cluster.leaseMs * 2);
    // The new owner applies what the viewer's node used to forward.
    const comment = await viewer.command({ type: 'comment', text: 'still here', at: 0 });
    expect(comment, JSON.stringify(comment)).toMatchObject({ t: 103 });
    await viewer.waitForEvent('comment');
  }, 30_000);
});
