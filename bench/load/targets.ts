/** The targets (issue 7), checked against one run's results for RESULTS.md. They are goals to report, never assertions. */
import type { BenchResult } from '../bench-result.ts';

interface Target {
  goal: string;
  /** The measured value, formatted, or undefined when the run did not measure it. */
  measured(results: BenchResult[]): { value: number; text: string; cell: string } | undefined;
  met(value: number): boolean;
}

const find = (results: BenchResult[], scenario: string, system: string, metric: string, cell?: (p: Record<string, unknown>) => boolean): BenchResult | undefined => {
  const rows = results.filter((r) => r.scenario === scenario && r.system === system && r.metric === metric);
  return rows.find((r) => (cell ? cell(r.params ?? {}) : true)) ?? rows[rows.length - 1];
};

const cellText = (r: BenchResult): string => {
  const p = r.params ?? {};
  return [p.viewers !== undefined ? `N=${String(p.viewers)}` : '', p.rate !== undefined ? `R=${String(p.rate)}` : '', p.voters !== undefined ? `K=${String(p.voters)}` : ''].filter(Boolean).join(' ');
};

const ratio = (scenario: string, peer: string, metric: string, cell?: (p: Record<string, unknown>) => boolean): Target['measured'] => (results) => {
  const r = find(results, scenario, `branchcast/${peer}`, `${metric}_ratio`, cell);
  return r && { value: r.value, text: `${r.value.toFixed(2)}×`, cell: cellText(r) };
};

const fanoutCell = (p: Record<string, unknown>): boolean => p.viewers === 1000 && p.rate === 1000;

export const TARGETS: Target[] = [
  { goal: 'fanout: branchcast ≥ 0.8× uws-raw delivered msg/s (N=1000, R=1000)', measured: ratio('fanout', 'uws-raw', 'delivered_per_second', fanoutCell), met: (v) => v >= 0.8 },
  { goal: 'fanout: branchcast ≥ 10× socket.io delivered msg/s (N=1000, R=1000)', measured: ratio('fanout', 'socket.io', 'delivered_per_second', fanoutCell), met: (v) => v >= 10 },
  { goal: 'votes-ws: branchcast (durable) ≥ 0.7× uws-raw votes/s', measured: ratio('votes-ws', 'uws-raw', 'votes_acked_per_second'), met: (v) => v >= 0.7 },
  { goal: 'votes-http: branchcast ≥ 0.7× the raw uWS HTTP tally endpoint', measured: ratio('votes-http', 'uws-raw', 'requests_per_second'), met: (v) => v >= 0.7 },
  {
    goal: 'idle-memory: ≤ 10 KiB per idle viewer',
    measured: (results) => {
      const r = find(results, 'idle-memory', 'branchcast', 'rss_per_idle_viewer');
      return r && { value: r.value, text: `${r.value.toFixed(1)} KiB`, cell: cellText(r) };
    },
    met: (v) => v <= 10,
  },
  { goal: 'idle-memory: ≤ 1.5× uws-raw per viewer', measured: ratio('idle-memory', 'uws-raw', 'rss_per_idle_viewer'), met: (v) => v <= 1.5 },
  {
    goal: 'join-storm: every viewer joined, 0 failures',
    measured: (results) => {
      const r = find(results, 'join-storm', 'branchcast', 'failures');
      return r && { value: r.value, text: `${r.value} failures`, cell: cellText(r) };
    },
    met: (v) => v === 0,
  },
];

/** A markdown table: each target beside the measured value (and the cell it was measured in, which in a quick run is not the target's cell). */
export function targetsTable(results: BenchResult[]): string {
  const lines = ['| target | measured | cell | met? |', '|---|---|---|---|'];
  for (const t of TARGETS) {
    const m = t.measured(results);
    lines.push(m ? `| ${t.goal} | ${m.text} | ${m.cell} | ${t.met(m.value) ? 'yes' : '**no**'} |` : `| ${t.goal} | not measured | | |`);
  }
  return lines.join('\n');
}
