/**
 * Cluster scaling (issue 8): fan-out and vote ingestion on 1, 2 and 3
 * `branchcast serve --redis` nodes (plus the embedded single process as a
 * reference), all on this machine's 2 cores with one redis-server, driven by
 * the forked load generator (bench/load). One room, created on n0 (its
 * owner); viewers and voters round-robin over the nodes.
 *
 * - fan-out: the host (on the owner) sends `seek`s at R/s for D s; every node
 *   relays them to its own viewers. Delivered msg/s inside the window, latency,
 *   CPU of all nodes per delivered message, Redis CPU and ops.
 * - votes: K voters keep W votes unacknowledged each; votes/s acked, ack
 *   latency, node CPU per vote, Redis ops per vote and per record appended.
 *
 * - votes through followers only (2 and 3 nodes): every vote travels in a
 *   100 ms batch; batches/s, votes per batch, Redis ops per batch.
 *
 *   npx tsx bench/cluster.ts [--quick (2 nodes, shorter)] [--targets embedded,1,2,3] [--viewers 1500] [--rate 100] [--voters 150] [--window 4] [--follower-window 40] [--duration 4]
 * Prints result lines (bench/run.ts collects them) and writes bench/results/cluster.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startCluster } from '../test/support/cluster.ts';
import { adminKeyFrom, api, createRoom, postStory } from '../test/support/rooms-api.ts';
import { startServerProcess } from '../test/support/server-process.ts';
import type { BenchResult } from './bench-result.ts';
import { benchStory, BENCH_STORY_ID } from './load/bench-story.ts';
import { epochMs, stampPosition } from './load/histogram.ts';
import { LoadPool } from './load/pool.ts';
import { RedisStats, countsDelta } from './load/redis-stats.ts';
import { commonOptions, cpuWindow, limitedBy, machineWindow, progress, sleep } from './load/report.ts';
import { BRANCHCAST_BENCH_ENV, HostConnection } from './load/systems.ts';
import { OPTIONS } from './peers/tally-room.ts';

const { values } = parseArgs({
  options: {
    ...commonOptions,
    targets: { type: 'string' },
    viewers: { type: 'string' },
    rate: { type: 'string' },
    voters: { type: 'string' },
    window: { type: 'string', default: '4' },
    // Votes through followers are acked per 100 ms batch: a closed loop needs a deep window to offer enough.
    'follower-window': { type: 'string', default: '40' },
    'results-file': { type: 'string', default: 'cluster.json' },
  },
});
const quick = values.quick;
const durationS = Number(values.duration ?? (quick ? 1.5 : 4));
const viewersN = Number(values.viewers ?? (quick ? 200 : 1500));
const rate = Number(values.rate ?? (quick ? 50 : 100));
const votersN = Number(values.voters ?? (quick ? 60 : 150));
const windowSize = Number(values.window);
const followerWindow = Number(values['follower-window']);
// Quick runs one 2-node cluster (a follower and an owner: every cluster path); the full run measures every step (issue 8).
const targets = (values.targets ?? (quick ? '2' : 'embedded,1,2,3')).split(',');
/** Per worker: bounds the vote run in count as well as in time. */
const MAX_VOTES = 2_000_000;

interface Node {
  id: string;
  url: string;
  pid: number;
}

interface Target {
  name: string;
  nodes: Node[];
  key: string;
  redis?: { url: string; pid: number };
  stop(): Promise<void>;
}

async function startTarget(name: string): Promise<Target> {
  if (name === 'embedded') {
    const server = await startServerProcess({ env: BRANCHCAST_BENCH_ENV });
    return { name, nodes: [{ id: 'embedded', url: server.url, pid: server.pid }], key: adminKeyFrom(server.output()), stop: async () => void (await server.stop()) };
  }
  const cluster = await startCluster({ nodes: Number(name), leaseMs: 3000, env: BRANCHCAST_BENCH_ENV });
  return {
    name: `cluster-${name}`,
    nodes: cluster.nodes.map((n) => ({ id: n.id, url: n.url, pid: n.pid })),
    key: cluster.adminKey,
    redis: { url: cluster.redis.url, pid: cluster.redis.pid ?? -1 },
    stop: () => cluster.stop(),
  };
}

/** A room on n0 (its owner); with `voteOpen`, played until its vote accepts votes. */
async function newRoom(target: Target, voteOpen: boolean): Promise<{ id: string; hostToken: string }> {
  const owner = target.nodes[0] as Node;
  const room = await createRoom(owner.url, target.key, BENCH_STORY_ID);
  if (voteOpen) {
    const host = await HostConnection.open(owner.url, room.hostToken, 'ws');
    await host.command({ type: 'play' });
    host.close();
    const deadline = Date.now() + 10_000;
    for (;;) {
      const r = await api(owner.url, 'GET', `/api/rooms/${room.id}`, { key: target.key });
      if ((r.body as { phase?: string }).phase === 'open') break;
      if (Date.now() > deadline) throw new Error(`room ${room.id}: the vote did not open: ${JSON.stringify(r.body)}`);
      await sleep(50);
    }
  }
  return room;
}

/** `n` viewers, viewer i joining node i mod nodes (its token from that node too), 16 token requests in flight. */
async function joinSpread(target: Target, pool: LoadPool, room: string, n: number, nodes: Node[] = target.nodes): Promise<{ joined: number; failed: number }> {
  const perNode: string[][] = nodes.map(() => []);
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: Math.min(16, n) }, async () => {
      while (next < n) {
        const i = next;
        next += 1;
        const node = nodes[i % nodes.length] as Node;
        const r = await api(node.url, 'POST', `/api/rooms/${room}/viewers`).catch(() => ({ status: 0, body: undefined }));
        if (r.status === 201) perNode[i % nodes.length]?.push((r.body as { token: string }).token);
        else failed += 1;
      }
    }),
  );
  let joined = 0;
  for (const [i, tokens] of perNode.entries()) {
    const join = await pool.join((nodes[i] as Node).url, 'ws', tokens);
    joined += join.joined;
    failed += join.failed;
  }
  return { joined, failed };
}

/** CPU of every node (summed, and the busiest as a share of a core), and of Redis, over one window. */
function clusterCpu(target: Target): () => { nodesMs: number; eachMs: number[]; maxNodeCores: number; redisMs: number; wallMs: number } {
  const nodes = target.nodes.map((n) => cpuWindow(n.pid));
  const redis = target.redis ? cpuWindow(target.redis.pid) : undefined;
  return () => {
    const each = nodes.map((w) => w());
    const r = redis?.();
    return { nodesMs: each.reduce((a, w) => a + w.cpuMs, 0), eachMs: each.map((w) => w.cpuMs), maxNodeCores: Math.max(...each.map((w) => w.cores)), redisMs: r?.cpuMs ?? 0, wallMs: each[0]?.wallMs ?? 1 };
  };
}

async function redisCounts(target: Target): Promise<(() => Promise<{ total: number; byCommand: Record<string, number>; bytesIn: number; bytesOut: number }>) | undefined> {
  if (!target.redis) return undefined;
  const stats = await RedisStats.connect(target.redis.url);
  const before = await stats.counts();
  const netBefore = await stats.netBytes();
  return async () => {
    const delta = countsDelta(before, await stats.counts());
    const net = await stats.netBytes();
    await stats.close();
    return { ...delta, bytesIn: net.input - netBefore.input, bytesOut: net.output - netBefore.output };
  };
}

/** Sends `seek`s carrying their send time at `r` per second for `ms`; bounded by both. */
async function sendAtRate(host: HostConnection, r: number, ms: number): Promise<number> {
  const limit = Math.ceil((r * ms) / 1000);
  const start = epochMs();
  let sent = 0;
  while (sent < limit && epochMs() - start < ms) {
    const due = Math.min(limit, Math.floor((r * (epochMs() - start)) / 1000) + 1);
    for (; sent < due; sent += 1) host.send({ type: 'seek', position: stampPosition() });
    await sleep(5);
  }
  return sent;
}

const results: BenchResult[] = [];
function emitLine(scenario: string, system: string, metric: string, value: number, unit: string, params: Record<string, unknown>): void {
  const line: BenchResult = { scenario, system, metric, value: Number.isFinite(value) ? Math.round(value * 1000) / 1000 : -1, unit, params };
  results.push(line);
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function fanout(target: Target, pool: LoadPool): Promise<void> {
  const room = await newRoom(target, false);
  const join = await joinSpread(target, pool, room.id, viewersN);
  const host = await HostConnection.open((target.nodes[0] as Node).url, room.hostToken, 'ws');
  await pool.reset();
  const warm = await sendAtRate(host, rate, 500);
  for (const deadline = Date.now() + 10_000; Date.now() < deadline && (await pool.stats()).events < warm * join.joined; ) await sleep(100);
  await sleep(200);
  await pool.reset();
  const cpu = clusterCpu(target);
  const machine = machineWindow();
  const redisOps = await redisCounts(target);
  const t0 = epochMs();
  const sent = await sendAtRate(host, rate, durationS * 1000);
  const t1 = epochMs();
  const used = cpu();
  const busy = machine();
  const ops = await redisOps?.();
  const expected = sent * join.joined;
  let final = await pool.stats();
  for (const drainUntil = Date.now() + 3000; final.events < expected && Date.now() < drainUntil; final = await pool.stats()) await sleep(200);
  const inWindow = final.eventsBetween(t0, t1);
  const workerCores = final.cpuMs.map((ms) => ms / (epochMs() - t0));
  const params = { nodes: target.nodes.length, viewers: viewersN, rate, durationS, joinFailures: join.failed, hostErrors: host.errors, machineBusy: Math.round(busy * 100) / 100, limitedBy: limitedBy(used.maxNodeCores, workerCores, inWindow / Math.max(1, expected), busy), redisOpsByCommand: ops?.byCommand };
  const delivered = (inWindow * 1000) / (t1 - t0);
  const s = target.name;
  emitLine('cluster-fanout', s, 'delivered_per_second', delivered, 'msg/s', params);
  emitLine('cluster-fanout', s, 'delivered_share', expected > 0 ? final.events / expected : 0, 'ratio', params);
  emitLine('cluster-fanout', s, 'latency_p50', final.latency.percentile(0.5), 'ms', params);
  emitLine('cluster-fanout', s, 'latency_p99', final.latency.percentile(0.99), 'ms', params);
  emitLine('cluster-fanout', s, 'server_cpu_per_message', (used.nodesMs * 1000) / Math.max(1, inWindow), 'µs', params);
  emitLine('cluster-fanout', s, 'server_cpu', (used.nodesMs / used.wallMs) * 100, '% of a core', params);
  if (target.nodes.length > 1) {
    // Each node pays a per-broadcast cost (fold the record, encode once) plus a per-viewer send.
    const followersMs = used.eachMs.slice(1);
    emitLine('cluster-fanout', s, 'owner_cpu', ((used.eachMs[0] ?? 0) / used.wallMs) * 100, '% of a core', params);
    emitLine('cluster-fanout', s, 'follower_cpu', (followersMs.reduce((a, b) => a + b, 0) / followersMs.length / used.wallMs) * 100, '% of a core (mean node)', params);
  }
  if (target.redis) emitLine('cluster-fanout', s, 'redis_cpu', (used.redisMs / used.wallMs) * 100, '% of a core', params);
  if (ops) emitLine('cluster-fanout', s, 'redis_ops_per_broadcast', ops.total / Math.max(1, sent), 'ops', params);
  progress(`cluster-fanout ${s}: ${Math.round(delivered)} msg/s of ${Math.round((rate * join.joined))} offered, p50 ${final.latency.percentile(0.5)} ms p99 ${final.latency.percentile(0.99)} ms, ${((used.nodesMs * 1000) / Math.max(1, inWindow)).toFixed(2)} µs/msg, redis ${Math.round((used.redisMs / used.wallMs) * 100)}%, limited by ${params.limitedBy}`);
  host.close();
  await pool.closeViewers();
  await sleep(500);
}

/**
 * Votes from voters round-robin over every node (`spread`), or only over the
 * followers (`followers`): then every vote travels in a batch, and Redis's
 * command counts divide cleanly into batches (each batch is one request and one
 * reply on the node inboxes, PUBLISH − XADD = 2 per batch, the XADDs inside the
 * append script being the records' own PUBLISHes).
 */
async function votes(target: Target, pool: LoadPool, placement: 'spread' | 'followers'): Promise<void> {
  const room = await newRoom(target, true);
  const join = await joinSpread(target, pool, room.id, votersN, placement === 'followers' ? target.nodes.slice(1) : target.nodes);
  const depth = placement === 'followers' ? followerWindow : windowSize;
  await pool.vote({ window: depth, durationMs: 300, maxVotes: MAX_VOTES, options: [...OPTIONS] }); // warm-up
  await pool.reset();
  const cpu = clusterCpu(target);
  const machine = machineWindow();
  const redisOps = await redisCounts(target);
  const stats = await pool.vote({ window: depth, durationMs: durationS * 1000, maxVotes: MAX_VOTES, options: [...OPTIONS] });
  const used = cpu();
  const busy = machine();
  const ops = await redisOps?.();
  const perS = (stats.acks * 1000) / used.wallMs;
  const workerCores = stats.cpuMs.map((ms) => ms / used.wallMs);
  // Records appended to the room log (one XADD each): with batching, far fewer than votes.
  const appended = ops ? (ops.byCommand.xadd ?? 0) : 0;
  const batches = placement === 'followers' && ops ? Math.max(0, ((ops.byCommand.publish ?? 0) - appended) / 2) : 0;
  const params = { nodes: target.nodes.length, placement, voters: votersN, window: depth, durationS, joinFailures: join.failed, errors: stats.errors, machineBusy: Math.round(busy * 100) / 100, limitedBy: limitedBy(used.maxNodeCores, workerCores, 0, busy), redisOpsByCommand: ops?.byCommand };
  const s = target.name;
  const scenario = placement === 'followers' ? 'cluster-votes-followers' : 'cluster-votes';
  emitLine(scenario, s, 'votes_acked_per_second', perS, 'votes/s', params);
  emitLine(scenario, s, 'ack_latency_p50', stats.ackLatency.percentile(0.5), 'ms', params);
  emitLine(scenario, s, 'ack_latency_p99', stats.ackLatency.percentile(0.99), 'ms', params);
  emitLine(scenario, s, 'errors', stats.errors, 'count', params);
  emitLine(scenario, s, 'server_cpu_per_vote', (used.nodesMs * 1000) / Math.max(1, stats.acks), 'µs', params);
  emitLine(scenario, s, 'server_cpu', (used.nodesMs / used.wallMs) * 100, '% of a core', params);
  if (target.redis) emitLine(scenario, s, 'redis_cpu', (used.redisMs / used.wallMs) * 100, '% of a core', params);
  if (target.nodes.length > 1) {
    // The owner folds and logs every vote; each follower ingests its own voters' votes and replays every record.
    const followersMs = used.eachMs.slice(1);
    emitLine(scenario, s, 'owner_cpu_per_vote', ((used.eachMs[0] ?? 0) * 1000) / Math.max(1, stats.acks), 'µs', params);
    emitLine(scenario, s, 'follower_cpu_per_vote', (followersMs.reduce((a, b) => a + b, 0) / followersMs.length) * 1000 / Math.max(1, stats.acks), 'µs (mean node, per vote of the room)', params);
  }
  if (ops) {
    emitLine(scenario, s, 'redis_ops_per_vote', ops.total / Math.max(1, stats.acks), 'ops', params);
    emitLine(scenario, s, 'redis_ops_per_second', (ops.total * 1000) / used.wallMs, 'ops/s', params);
    // Into Redis: the votes' records (and bus requests); out: the same records to every follower, and replies.
    emitLine(scenario, s, 'redis_bytes_in_per_vote', ops.bytesIn / Math.max(1, stats.acks), 'B', params);
    emitLine(scenario, s, 'redis_bytes_out_per_vote', ops.bytesOut / Math.max(1, stats.acks), 'B', params);
    if (appended > 0) {
      emitLine(scenario, s, 'votes_per_log_record', stats.acks / appended, 'votes', params);
      emitLine(scenario, s, 'redis_ops_per_log_record', ops.total / appended, 'ops', params);
    }
    if (batches > 0) {
      emitLine(scenario, s, 'vote_batches_per_second', (batches * 1000) / used.wallMs, 'batches/s', params);
      emitLine(scenario, s, 'votes_per_batch', stats.acks / batches, 'votes', params);
      emitLine(scenario, s, 'redis_ops_per_batch', ops.total / batches, 'ops', params);
    }
  }
  progress(`cluster-votes ${s} (${placement}): ${Math.round(perS)} votes/s, ack p50 ${stats.ackLatency.percentile(0.5)} ms p99 ${stats.ackLatency.percentile(0.99)} ms, ${stats.errors} errors, ${((used.nodesMs * 1000) / Math.max(1, stats.acks)).toFixed(1)} µs/vote, redis ${ops ? (ops.total / Math.max(1, stats.acks)).toFixed(3) : '-'} ops/vote ${JSON.stringify(ops?.byCommand ?? {})}, limited by ${params.limitedBy}`);
  await pool.closeViewers();
  await sleep(500);
}

const pool = await LoadPool.start(Math.max(2, Number(values.workers)));
try {
  for (const name of targets) {
    // A fresh cluster (and Redis) per target: no target inherits another's heap or keys.
    const target = await startTarget(name);
    try {
      await postStory((target.nodes[0] as Node).url, target.key, benchStory);
      await fanout(target, pool).catch((error: unknown) => progress(`cluster-fanout ${target.name} failed: ${String(error)}`));
      await votes(target, pool, 'spread').catch((error: unknown) => progress(`cluster-votes ${target.name} failed: ${String(error)}`));
      if (target.nodes.length > 1) await votes(target, pool, 'followers').catch((error: unknown) => progress(`cluster-votes ${target.name} (followers) failed: ${String(error)}`));
    } finally {
      await pool.closeViewers().catch(() => undefined);
      await target.stop();
    }
  }
} finally {
  await pool.stop();
}
// `--results-file ''` (the harness test) keeps the recorded results untouched.
if (values['results-file'] !== '') {
  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  await writeFile(new URL(values['results-file'], dir), `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
}
