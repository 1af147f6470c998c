/**
 * Merged tallies (issue 18.6): does a cluster node's cost per vote stay flat
 * as the audience grows? Three `branchcast serve --redis` nodes and one
 * redis-server on this machine; one room owned by n0. Synthetic voters, as a
 * load generator multiplexes them: many logical voters (each its own viewer
 * token, minted through the API) share a few keep-alive HTTP connections to
 * n1, which forwards their votes to the owner in 100 ms batches. n2 only
 * follows the room for one watching socket: its CPU per vote is the cost of
 * following a room whose votes it no longer folds.
 *
 * Each cell first has every voter vote once (unmeasured: the token's first
 * verification and the voter's first entries are per-voter costs, as a
 * join is), then sends the same number of votes at the same paced rate,
 * spread over 10× more voters in the second cell (each voter alternates its
 * option, so every vote moves the tally). Reported per vote: CPU of each
 * node, Redis commands (INFO commandstats, scripts' inner calls included) and
 * Redis output bytes.
 *
 *   npx tsx bench/cluster-tallies.ts [--voters 1000,10000] [--votes 12000] [--rate 600] [--connections 256]
 * Prints one line per cell and writes bench/results/cluster-tallies.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startCluster, type ClusterNode } from '../test/support/cluster.ts';
import { RoomClient } from '../test/support/room-client.ts';
import { createRoom, postStory, viewerToken } from '../test/support/rooms-api.ts';
import { benchStory, BENCH_STORY_ID } from './load/bench-story.ts';
import { RedisStats, countsDelta } from './load/redis-stats.ts';
import { BRANCHCAST_BENCH_ENV } from './load/systems.ts';
import { OPTIONS } from './peers/tally-room.ts';
import { processTreeCpuMs } from './process-cpu.ts';

const { values } = parseArgs({
  options: {
    voters: { type: 'string', default: '1000,10000' },
    votes: { type: 'string', default: '12000' },
    rate: { type: 'string', default: '600' },
    connections: { type: 'string', default: '256' },
  },
});
const cells = values.voters.split(',').map(Number);
const votesPerCell = Number(values.votes);
const connections = Number(values.connections);
const rate = Number(values.rate);
/** The idle window that measures each node's floor. */
const IDLE_MS = 5000;

interface Cell {
  voters: number;
  votes: number;
  acked: number;
  seconds: number;
  votesPerSecond: number;
  /** CPU µs per vote of the owner (n0), the voters' follower (n1) and the watching follower (n2). */
  cpuUsPerVote: { owner: number; votersFollower: number; watchingFollower: number };
  /** The same nodes' CPU ms per second with the room open and nobody voting (timers, leases, presence): the floor under the per-vote figures. */
  idleCpuMsPerSecond: { owner: number; votersFollower: number; watchingFollower: number };
  redisOpsPerVote: number;
  redisOpsByCommand: Record<string, number>;
  redisOutBytesPerVote: number;
  /** TALLY frames the watcher on n2 saw (the owner's merged tally, relayed). */
  tallyFramesOnWatcher: number;
}

/** Mints `n` viewer tokens through the API, `parallel` at a time. */
async function mintVoters(url: string, room: string, n: number, parallel = 32): Promise<string[]> {
  const tokens: string[] = new Array<string>(n);
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    for (let i = next++; i < n; i = next++) tokens[i] = (await viewerToken(url, room)).token;
  }));
  return tokens;
}

/**
 * Sends `total` votes round-robin over the voters, from vote `first` on, at
 * most `perSecond` (paced), `parallel` requests in flight (keep-alive connections).
 */
async function vote(url: string, room: string, tokens: string[], first: number, total: number, parallel: number, perSecond = Infinity): Promise<number> {
  let next = 0;
  let acked = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: parallel }, async () => {
    for (let n = next++; n < total; n = next++) {
      const due = started + (n * 1000) / perSecond;
      if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
      const i = first + n;
      const voter = i % tokens.length;
      const round = Math.floor(i / tokens.length);
      const option = OPTIONS[(voter + round) % OPTIONS.length] as string;
      const response = await fetch(`${url}/api/rooms/${room}/commands`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[voter] as string}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: `v${round}`, cmd: { type: 'vote', option } }),
      });
      await response.arrayBuffer();
      if (response.status === 200) acked += 1;
    }
  }));
  return acked;
}

async function runCell(voters: number): Promise<Cell> {
  const cluster = await startCluster({ nodes: 3, leaseMs: 3000, env: BRANCHCAST_BENCH_ENV });
  const clients: RoomClient[] = [];
  try {
    const [n0, n1, n2] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
    await postStory(n0.url, cluster.adminKey, benchStory);
    const room = await createRoom(n0.url, cluster.adminKey, BENCH_STORY_ID);
    const host = await RoomClient.connect(n0.url, { token: room.hostToken });
    clients.push(host);
    await host.welcome();
    await host.command({ type: 'play' });
    const watcher = await RoomClient.connect(n2.url, { token: (await viewerToken(n2.url, room.id)).token });
    clients.push(watcher);
    await watcher.welcome();
    // The voters' node has a socket in the room too (as voters would): it keeps following the room, not dropping it when idle.
    const voterSide = await RoomClient.connect(n1.url, { token: (await viewerToken(n1.url, room.id)).token });
    clients.push(voterSide);
    await voterSide.welcome();
    const tokens = await mintVoters(n1.url, room.id, voters);
    await vote(n1.url, room.id, tokens, 0, voters, connections); // each voter's first vote: unmeasured
    await new Promise((r) => setTimeout(r, 1500)); // the last batch, tally and snapshot settle
    const idle0 = [n0, n1, n2].map((n) => processTreeCpuMs(n.pid));
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idle = [n0, n1, n2].map((n, i) => Math.round(((processTreeCpuMs(n.pid) - (idle0[i] as number)) * 1000) / IDLE_MS));
    const redis = await RedisStats.connect(cluster.redis.url);
    const [counts0, net0] = [await redis.counts(), await redis.netBytes()];
    const cpu0 = [n0, n1, n2].map((n) => processTreeCpuMs(n.pid));
    const talliesBefore = watcher.frames.filter((f) => f.t === 105).length;
    const started = performance.now();
    const acked = await vote(n1.url, room.id, tokens, voters, votesPerCell, connections, rate);
    const seconds = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 300)); // the last tally goes out
    const cpu = [n0, n1, n2].map((n, i) => processTreeCpuMs(n.pid) - (cpu0[i] as number));
    const [counts1, net1] = [await redis.counts(), await redis.netBytes()];
    await redis.close();
    const ops = countsDelta(counts0, counts1);
    const us = (ms: number): number => Math.round((ms * 1000) / votesPerCell);
    return {
      voters, votes: votesPerCell, acked, seconds: Number(seconds.toFixed(2)), votesPerSecond: Math.round(acked / seconds),
      cpuUsPerVote: { owner: us(cpu[0] as number), votersFollower: us(cpu[1] as number), watchingFollower: us(cpu[2] as number) },
      idleCpuMsPerSecond: { owner: idle[0] as number, votersFollower: idle[1] as number, watchingFollower: idle[2] as number },
      redisOpsPerVote: Number((ops.total / votesPerCell).toFixed(4)),
      redisOpsByCommand: ops.byCommand,
      redisOutBytesPerVote: Math.round((net1.output - net0.output) / votesPerCell),
      tallyFramesOnWatcher: watcher.frames.filter((f) => f.t === 105).length - talliesBefore,
    };
  } finally {
    for (const c of clients) c.terminate();
    await cluster.stop();
  }
}

const results: Cell[] = [];
for (const voters of cells) {
  const cell = await runCell(voters);
  results.push(cell);
  console.log(`cluster-tallies voters=${cell.voters} votes=${cell.acked}/${cell.votes} ${cell.votesPerSecond}/s cpu µs/vote owner=${cell.cpuUsPerVote.owner} voters-follower=${cell.cpuUsPerVote.votersFollower} watching-follower=${cell.cpuUsPerVote.watchingFollower} (idle ms/s ${cell.idleCpuMsPerSecond.owner}/${cell.idleCpuMsPerSecond.votersFollower}/${cell.idleCpuMsPerSecond.watchingFollower}) redis ops/vote=${cell.redisOpsPerVote} redis out B/vote=${cell.redisOutBytesPerVote} tallies on watcher=${cell.tallyFramesOnWatcher}`);
}
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(new URL('./results/cluster-tallies.json', import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), votesPerCell, rate, connections, cells: results }, null, 2)}\n`);
