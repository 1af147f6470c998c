/**
 * Issue 8's acceptance loop: the failover scenario of test/cluster-failover.test.ts
 * (the same module, test/support/failover-scenario.ts) N times in a row,
 * stopping at the first failure. Writes bench/results/failover.json: every
 * run (pass, failover times, votes, viewers, problems) and a summary.
 *   npm run test:failover -- --runs 20 [--viewers 30] [--lease-ms 1000] [--seed S]
 * Exits 1 if a run failed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runFailoverScenario, type FailoverReport } from '../test/support/failover-scenario.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    viewers: { type: 'string', default: '30' },
    'lease-ms': { type: 'string', default: '1000' },
    seed: { type: 'string' },
    out: { type: 'string', default: 'failover.json' },
  },
});
const runs = Math.min(1000, Math.max(1, Number(values.runs)));
const viewers = Number(values.viewers);
const leaseMs = Number(values['lease-ms']);
const firstSeed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);

/** The report fields a run keeps (the scenario's own names and meanings), plus where it stands in the loop. */
type Kept = 'pass' | 'failoverAckMs' | 'leaseTakenMs' | 'votesSent' | 'votesAcked' | 'votesAckedDuringOutage' | 'votesInFlightAtKill' | 'retries' | 'reconnects' | 'unavailableErrors' | 'viewers' | 'winner' | 'durationMs' | 'problems';
type RunRecord = Pick<FailoverReport, Kept> & { run: number; seed: number; error?: string };

function summary(xs: number[]): { n: number; min: number; median: number; p95: number; max: number } | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  // Nearest-rank percentiles: with 20 runs the p95 is the 19th value.
  const rank = (p: number): number => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] as number;
  return { n: s.length, min: s[0] as number, median: rank(0.5), p95: rank(0.95), max: s.at(-1) as number };
}

const records: RunRecord[] = [];
const loadAtStart = os.loadavg();
const startedAt = new Date();
for (let run = 1; run <= runs; run += 1) {
  const seed = (firstSeed + run - 1) % 2 ** 31;
  let record: RunRecord;
  try {
    const r: FailoverReport = await runFailoverScenario({ viewers, leaseMs, seed });
    const { pass, failoverAckMs, leaseTakenMs, votesSent, votesAcked, votesAckedDuringOutage, votesInFlightAtKill, retries, reconnects, unavailableErrors, winner, durationMs, problems } = r;
    record = { run, seed, pass, failoverAckMs, leaseTakenMs, votesSent, votesAcked, votesAckedDuringOutage, votesInFlightAtKill, retries, reconnects, unavailableErrors, viewers: r.viewers, winner, durationMs, problems };
  } catch (error) {
    record = { run, pass: false, seed, failoverAckMs: null, leaseTakenMs: null, votesSent: 0, votesAcked: 0, votesAckedDuringOutage: 0, votesInFlightAtKill: 0, retries: 0, reconnects: 0, unavailableErrors: 0, viewers, winner: null, durationMs: 0, problems: [], error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  records.push(record);
  process.stderr.write(
    `run ${run}/${runs}: ${record.pass ? 'pass' : 'FAIL'}, lease taken ${record.leaseTakenMs} ms, first owner ACK ${record.failoverAckMs} ms, ` +
      `${record.votesAcked}/${record.votesSent} votes acked (${record.votesInFlightAtKill} in flight at the kill), ${record.retries} resends, ${record.reconnects} reconnects, seed ${seed}\n`,
  );
  if (!record.pass) {
    for (const p of record.problems.slice(0, 20)) process.stderr.write(`  problem: ${p}\n`);
    if (record.error) process.stderr.write(`  error: ${record.error}\n`);
    break;
  }
}

const passed = records.filter((r) => r.pass);
const result = {
  date: startedAt.toISOString(),
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} at the start, ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`,
  params: { runsRequested: runs, viewers, nodes: 3, leaseMs, firstSeed },
  summary: {
    runs: records.length,
    passed: passed.length,
    allPassed: passed.length === runs,
    failoverAckMs: summary(passed.flatMap((r) => (r.failoverAckMs === null ? [] : [r.failoverAckMs]))),
    leaseTakenMs: summary(passed.flatMap((r) => (r.leaseTakenMs === null ? [] : [r.leaseTakenMs]))),
    votesAcked: summary(passed.map((r) => r.votesAcked)),
  },
  runs: records,
};
const dir = new URL('./results/', import.meta.url);
await mkdir(dir, { recursive: true });
await writeFile(new URL(values.out, dir), `${JSON.stringify(result, null, 2)}\n`);
process.stderr.write(`${passed.length}/${runs} runs passed; summary in bench/results/${values.out}:\n${JSON.stringify(result.summary, null, 2)}\n`);
process.exitCode = passed.length === runs ? 0 : 1;
