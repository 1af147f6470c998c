/**
 * The cluster failover scenario (issue 8), shared by test/cluster-failover.test.ts
 * and bench/cluster-failover-loop.ts so the CI test and the 20-run loop cannot
 * drift: redis + 3 nodes, one room owned by n0, viewers round-robin over the
 * nodes voting (and changing their votes) while the owner is SIGKILLed.
 *
 * It returns what it measured and a list of `problems` (violated invariants);
 * an empty list is a pass. The checks:
 * - every vote was acknowledged in the end (retried with the same id, bounded);
 * - the final tally (the `switch` event's counts, and the analytics replay of
 *   the log) equals the tally of each viewer's LAST acknowledged vote: no acked
 *   vote lost, every voter counted once;
 * - every viewer saw the same switch (option, target, media position, version)
 *   and entered the target at the same server instant, the one the timeline
 *   implied before the outage;
 * - a surviving node took the lease, and the survivors agree on the room hash;
 * - viewers on surviving nodes kept their sockets (only the dead node's dropped).
 */
import { createRoom, postStory, viewerToken, api } from './rooms-api.ts';
import { startCluster, type Cluster, type ClusterNode } from './cluster.ts';
import { ClusterViewer, sleep, type CommandOutcome } from './cluster-viewer.ts';
// The stress generator's mulberry32: a failing seed can be replayed.
import { prng } from '../../stories/generate-stress.ts';

/** Media seconds: the vote is open 0.5–10.5 s (a 10 s window), the switch is at the segment end, 12 s. */
const SEGMENT_S = 12;
const OPENS_S = 0.5;
const CLOSES_S = 10.5;
const OPTIONS = ['x', 'y', 'z'] as const;
const DEFAULT_OPTION = 'x';

export const failoverStory = {
  format: 'branchcast/story@1',
  id: 'failover',
  title: 'Failover',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'failover/a.mpd', duration: SEGMENT_S },
      choice: { opens: OPENS_S, closes: CLOSES_S, mode: 'vote', default: DEFAULT_OPTION, options: OPTIONS.map((id) => ({ id, label: id.toUpperCase(), to: id === 'y' ? 'c' : 'b' })) },
      // The probe's command: a link impression is owner-only state (it goes through the log), not a batched vote.
      hotspots: [{ id: 'probe', kind: 'link', from: 0, to: SEGMENT_S, region: { x: 0, y: 0, w: 0.1, h: 0.1 }, url: 'https://example.com/' }],
    },
    b: { media: { src: 'failover/b.mpd', duration: 1 }, ending: { title: 'B' } },
    c: { media: { src: 'failover/c.mpd', duration: 1 }, ending: { title: 'C' } },
  },
};

export interface FailoverOptions {
  viewers?: number;
  nodes?: number;
  leaseMs?: number;
  /** Seeds the vote plan (which options, how many changes, when). */
  seed?: number;
  /** Milliseconds after the choice opened at which the owner is killed. */
  killAfterMs?: number;
  log?: (line: string) => void;
}

export interface FailoverReport {
  pass: boolean;
  problems: string[];
  seed: number;
  viewers: number;
  nodes: number;
  leaseMs: number;
  killed: string;
  newOwner: string | null;
  /** SIGKILL → the first ACK of a command only the owner can apply (sent after the kill). */
  failoverAckMs: number | null;
  /** SIGKILL → a survivor reports another live node holding the lease. */
  leaseTakenMs: number | null;
  votesSent: number;
  votesAcked: number;
  /** Votes acknowledged between the kill and the new owner's first ACK (batched on survivors). */
  votesAckedDuringOutage: number;
  /** Votes sent before the kill and acknowledged after it (what the kill caught in flight). */
  votesInFlightAtKill: number;
  /** Extra sends of an already-sent command id. */
  retries: number;
  reconnects: number;
  unavailableErrors: number;
  expected: Record<string, number>;
  finalCounts: Record<string, number> | null;
  winner: string | null;
  switchAt: number | null;
  durationMs: number;
}


/** Leader, or the default on a tie or no votes (docs: "ties and no votes go to default"). */
function expectedWinner(counts: Record<string, number>): string {
  const max = Math.max(...Object.values(counts));
  const leaders = Object.keys(counts).filter((o) => counts[o] === max);
  return max === 0 || leaders.length > 1 ? DEFAULT_OPTION : (leaders[0] as string);
}

interface VoteStep {
  option: string;
  /** When to send it, in ms after the choice opened (later if the previous vote is still unanswered). */
  atMs: number;
  /** Move to another live node before this vote ("vote through another node"). */
  hop: boolean;
}

export async function runFailoverScenario(options: FailoverOptions = {}): Promise<FailoverReport> {
  const started = Date.now();
  const viewersN = options.viewers ?? 30;
  const nodesN = options.nodes ?? 3;
  const leaseMs = options.leaseMs ?? 1000;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const killAfterMs = options.killAfterMs ?? 2000;
  const log = options.log ?? ((): void => undefined);
  const random = prng(seed);
  const problems: string[] = [];
  let cluster: Cluster | undefined;
  const everyone: ClusterViewer[] = [];
  try {
    cluster = await startCluster({ nodes: nodesN, leaseMs, env: { COMMANDS_PER_SECOND: '1000' } });
    const c = cluster;
    const [ownerNode, hostNode, probeNode] = [c.nodes[0], c.nodes[1 % nodesN], c.nodes[2 % nodesN]] as ClusterNode[];
    const pickNode = (exclude: ClusterNode): ClusterNode | undefined => {
      const live = c.alive();
      const after = live.filter((n) => c.nodes.indexOf(n) > c.nodes.indexOf(exclude));
      return after[0] ?? live.find((n) => n !== exclude) ?? live[0];
    };

    await postStory(ownerNode!.url, c.adminKey, failoverStory);
    const room = await createRoom(ownerNode!.url, c.adminKey, failoverStory.id);
    const owner = await c.ownerOf(room.id, hostNode);
    if (owner !== ownerNode!.id) problems.push(`the creating node ${ownerNode!.id} should own the room, /api/cluster says ${owner}`);
    log(`room ${room.id} owned by ${owner}; seed ${seed}`);

    // Viewers round-robin over the nodes, each with a token from its own node.
    const viewers = await Promise.all(
      Array.from({ length: viewersN }, async (_, i) => {
        const node = c.nodes[i % nodesN] as ClusterNode;
        const { viewerId, token } = await viewerToken(node.url, room.id);
        const viewer = new ClusterViewer(viewerId, token, node, pickNode);
        await viewer.connect();
        return viewer;
      }),
    );
    const host = new ClusterViewer('host', room.hostToken, hostNode!, pickNode);
    await host.connect();
    const probe = new ClusterViewer('probe', (await viewerToken(probeNode!.url, room.id)).token, probeNode!, pickNode);
    await probe.connect();
    everyone.push(...viewers, host, probe);

    // Each viewer's plan: 1–4 votes (so most change their mind) spread over the first 5.5 s of the window, and for
    // four viewers in five one more in the 60 ms before the kill: a follower's batch waits up to 100 ms, so votes
    // are in flight (queued, batched, or at the owner) on every node when it lands.
    const plans: VoteStep[][] = viewers.map((_, i) => {
      const times = Array.from({ length: 1 + Math.floor(random() * 4) }, () => Math.floor(random() * 5500));
      if (i % 5 !== 4) times.push(killAfterMs - 60 + Math.floor(random() * 60));
      return times
        .sort((a, b) => a - b)
        .map((atMs, j) => ({
          option: OPTIONS[Math.floor(random() * OPTIONS.length)] as string,
          atMs,
          // A few viewers on surviving nodes move to another node mid-vote on purpose.
          hop: j === 1 && i % nodesN !== 0 && i % 5 === 1,
        }));
    });

    const play = await host.command({ type: 'play' }, 'play', Date.now() + 10_000);
    if (!play.acked) throw new Error(`host play: ${play.error}`);
    const deadlineWait = Date.now() + 10_000;
    while (host.choiceOpenAt === undefined && Date.now() < deadlineWait) await sleep(20);
    if (host.choiceOpenAt === undefined || host.timeline === undefined || !host.timeline.playing) throw new Error('the choice did not open within 10 s of play');
    const playTimeline = host.timeline;
    const instant = (media: number): number => playTimeline.serverAnchor + ((media - playTimeline.mediaAnchor) / playTimeline.rate) * 1000;
    // Every retry must end before the window closes (margin for clock and tick), else a late vote is legitimately refused.
    const voteDeadline = instant(CLOSES_S) - 700;
    const opened = host.choiceOpenAt;

    const outcomes: CommandOutcome[][] = viewers.map(() => []);
    let retries = 0;
    const voting = viewers.map(async (viewer, i) => {
      for (const [j, step] of (plans[i] as VoteStep[]).entries()) {
        await sleep(opened + step.atMs - Date.now());
        if (step.hop) await viewer.reconnect(pickNode(viewer.node)).catch(() => undefined);
        const outcome = await viewer.command({ type: 'vote', option: step.option }, `vote-${j}`, voteDeadline);
        retries += outcome.attempts - 1;
        (outcomes[i] as CommandOutcome[]).push(outcome);
        if (!outcome.acked) return; // the rest of the plan would hide which vote stands
      }
    });

    // The kill, mid-vote; then the lease watch and the owner-only probe, in parallel.
    await sleep(opened + killAfterMs - Date.now());
    const killedAt = Date.now();
    await c.kill(ownerNode!.id);
    log(`SIGKILL ${ownerNode!.id} (pid ${ownerNode!.pid}) ${killedAt - opened} ms after the choice opened`);
    const watchUntil = killedAt + 15_000;
    const leaseWatch = (async (): Promise<{ at: number; owner: string } | null> => {
      while (Date.now() < watchUntil) {
        const now = await c.ownerOf(room.id, hostNode).catch(() => null);
        if (now !== null && now !== ownerNode!.id) return { at: Date.now(), owner: now };
        await sleep(25);
      }
      return null;
    })();
    const probeWatch = (async (): Promise<number | null> => {
      // Fresh ids, one every 100 ms, fire and forget: the first ACK of any of them is the new owner answering.
      const pending: Array<Promise<CommandOutcome>> = [];
      let first: number | null = null;
      for (let n = 0; n < 150 && first === null && Date.now() < watchUntil; n += 1) {
        pending.push(probe.command({ type: 'hotspot', hotspot: 'probe', action: 'impression' }, `probe-${n}`, watchUntil, { maxAttempts: 1, attemptTimeoutMs: 10_000 }).then((o) => {
          if (o.acked && first === null) first = o.at;
          return o;
        }));
        await sleep(100);
      }
      while (first === null && Date.now() < watchUntil) await sleep(20);
      return first;
    })();
    const [lease, probeAck] = await Promise.all([leaseWatch, probeWatch]);
    await Promise.all(voting);
    const leaseTakenMs = lease ? lease.at - killedAt : null;
    const failoverAckMs = probeAck !== null ? probeAck - killedAt : null;
    if (lease === null) problems.push('no surviving node took the lease within 15 s');
    else if (!c.alive().some((n) => n.id === lease.owner)) problems.push(`the lease went to ${lease.owner}, which is not a live node`);
    if (failoverAckMs === null) problems.push('no owner-only command was acknowledged within 15 s of the kill');
    log(`lease taken by ${lease?.owner ?? 'nobody'} after ${leaseTakenMs ?? '∞'} ms; first owner ACK after ${failoverAckMs ?? '∞'} ms`);

    // Which vote stands for each viewer: its last acknowledged one.
    const expected: Record<string, number> = Object.fromEntries(OPTIONS.map((o) => [o, 0]));
    let votesSent = 0;
    let votesAcked = 0;
    let votesAckedDuringOutage = 0;
    let votesInFlightAtKill = 0;
    for (const [i, list] of outcomes.entries()) {
      votesSent += list.length;
      const acked = list.filter((o): o is Extract<CommandOutcome, { acked: true }> => o.acked);
      votesAcked += acked.length;
      votesAckedDuringOutage += acked.filter((o) => o.at >= killedAt && (probeAck === null || o.at < probeAck)).length;
      votesInFlightAtKill += acked.filter((o) => o.sentAt < killedAt && o.at >= killedAt).length;
      for (const o of list) if (!o.acked) problems.push(`${viewers[i]!.sub} vote ${o.id} never acknowledged after ${o.attempts} attempts: ${o.error}`);
      const last = acked.at(-1);
      if (last !== undefined) {
        const option = (plans[i] as VoteStep[])[Number(last.id.slice('vote-'.length))]!.option;
        expected[option] = (expected[option] ?? 0) + 1;
      }
    }

    // The switch, as every viewer (and the host and the probe) saw it, and the instant each entered the target.
    const switchDue = instant(SEGMENT_S);
    await Promise.all(everyone.map((v) => v.waitEntered(Math.max(0, switchDue - Date.now()) + 5000)));
    const finalCounts = viewers.find((v) => v.switched?.counts)?.switched?.counts ?? null;
    const winner = expectedWinner(expected);
    for (const v of everyone) {
      const s = v.switched;
      if (s === undefined) problems.push(`${v.sub} (on ${v.node.id}) never saw the switch`);
      else {
        if (s.option !== winner) problems.push(`${v.sub} saw winner ${s.option}, the acknowledged votes make it ${winner}`);
        if (s.atMedia !== SEGMENT_S) problems.push(`${v.sub} saw the switch at media ${s.atMedia}, expected ${SEGMENT_S}`);
        if (s.counts !== null && JSON.stringify(sorted(s.counts)) !== JSON.stringify(sorted(expected))) problems.push(`${v.sub} saw final counts ${JSON.stringify(s.counts)}, the acknowledged votes make ${JSON.stringify(expected)}`);
      }
      const e = v.entered;
      if (e === undefined) problems.push(`${v.sub} (on ${v.node.id}) never entered the switch target`);
      else if (Math.abs(e.timeline.serverAnchor - switchDue) > 1 || e.timeline.mediaAnchor !== 0) problems.push(`${v.sub} entered ${e.node} at server time ${e.timeline.serverAnchor} (media ${e.timeline.mediaAnchor}); the pre-outage timeline said ${switchDue}`);
      if (v.gaps.length > 0) problems.push(`${v.sub} saw version gaps ${v.gaps.join(', ')}`);
      // Only the dead node's sockets may drop: a survivor's viewers keep theirs through the failover.
      for (const node of v.drops) if (node !== ownerNode!.id) problems.push(`${v.sub} lost its socket on surviving node ${node}`);
    }
    const versions = new Set(everyone.map((v) => v.switched?.version).filter((x) => x !== null && x !== undefined));
    if (versions.size > 1) problems.push(`viewers saw the switch at different versions: ${[...versions].join(', ')}`);
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    if (finalCounts !== null && Object.values(finalCounts).reduce((a, b) => a + b, 0) !== total) problems.push(`final total ${JSON.stringify(finalCounts)} is not one vote per voter (${total})`);

    // The log's own account (analytics replays it) and the survivors' agreement on the state.
    const survivor = c.alive()[0] as ClusterNode;
    const analytics = await api(survivor.url, 'GET', `/api/rooms/${room.id}/analytics`, { key: c.adminKey });
    const choice = (analytics.body as { choices?: Array<{ option: string; counts: Record<string, number> }> } | undefined)?.choices?.[0];
    if (analytics.status !== 200 || choice === undefined) problems.push(`analytics on ${survivor.id}: ${analytics.status} without a decided choice`);
    else if (JSON.stringify(sorted(choice.counts)) !== JSON.stringify(sorted(expected)) || choice.option !== winner) problems.push(`analytics says ${choice.option} ${JSON.stringify(choice.counts)}, expected ${winner} ${JSON.stringify(expected)}`);
    const agreement = await survivorsAgree(c, room.id);
    if (agreement !== undefined) problems.push(agreement);

    const report: FailoverReport = {
      pass: problems.length === 0,
      problems,
      seed,
      viewers: viewersN,
      nodes: nodesN,
      leaseMs,
      killed: ownerNode!.id,
      newOwner: lease?.owner ?? null,
      failoverAckMs,
      leaseTakenMs,
      votesSent,
      votesAcked,
      votesAckedDuringOutage,
      votesInFlightAtKill,
      retries,
      reconnects: everyone.reduce((a, v) => a + v.reconnects, 0),
      unavailableErrors: everyone.reduce((a, v) => a + v.unavailable, 0),
      expected,
      finalCounts,
      winner: everyone[0]?.switched?.option ?? null,
      switchAt: everyone[0]?.entered?.timeline.serverAnchor ?? null,
      durationMs: Date.now() - started,
    };
    return report;
  } finally {
    await Promise.all(everyone.map((v) => v.close()));
    await cluster?.stop();
  }
}

/** The survivors report the same version and state hash for the room (retried briefly: a record may be in flight). */
async function survivorsAgree(cluster: Cluster, room: string): Promise<string | undefined> {
  let last = '';
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const answers = await Promise.all(
      cluster.alive().map(async (n) => {
        const r = await api(n.url, 'GET', `/api/rooms/${room}`, { key: cluster.adminKey });
        const body = r.body as { version?: number; hash?: string } | undefined;
        return `${n.id}: ${r.status} v${body?.version} ${body?.hash?.slice(0, 12)}`;
      }),
    );
    last = answers.join('; ');
    if (new Set(answers.map((a) => a.slice(a.indexOf(':')))).size === 1 && answers[0]?.includes(' 200 ')) return undefined;
    await sleep(150);
  }
  return `the surviving nodes disagree on the room: ${last}`;
}

function sorted(counts: Record<string, number>): Array<[string, number]> {
  return Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
}
