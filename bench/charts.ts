/**
 * SVG bar charts drawn from bench results, by the bench itself (no external
 * service): one chart per scenario metric, one bar group per cell (N, R, …),
 * one bar per system. bench/run.ts writes them next to the results and links
 * them from RESULTS.md.
 */
import type { BenchResult } from './bench-result.ts';

export interface ChartSpec {
  scenario: string;
  metric: string;
  title: string;
  /** Note under the title, e.g. "higher is better". */
  note: string;
}

/** The charts RESULTS.md shows, in order. */
export const CHARTS: ChartSpec[] = [
  { scenario: 'fanout', metric: 'delivered_per_second', title: 'Fan-out: messages delivered per second', note: 'higher is better' },
  { scenario: 'fanout', metric: 'server_cpu_per_message', title: 'Fan-out: server CPU per delivered message (µs)', note: 'lower is better' },
  { scenario: 'fanout', metric: 'latency_p99', title: 'Fan-out: send-to-receive latency p99 (ms)', note: 'lower is better' },
  { scenario: 'votes-ws', metric: 'votes_acked_per_second', title: 'Votes over WebSocket: acknowledged per second', note: 'higher is better; branchcast acks are durable' },
  { scenario: 'votes-http', metric: 'requests_per_second', title: 'Votes over HTTP: requests per second', note: 'higher is better; branchcast answers once durable' },
  { scenario: 'join-storm', metric: 'join_time', title: 'Join storm: time until every viewer is joined (ms)', note: 'lower is better; tokens excluded' },
  { scenario: 'idle-memory', metric: 'rss_per_idle_viewer', title: 'Idle memory: server RSS per idle viewer (KiB)', note: 'lower is better' },
];

const SYSTEM_ORDER = ['branchcast', 'uws-raw', 'ws', 'socket.io'];
const COLOURS: Record<string, string> = { branchcast: '#2f6fdf', 'uws-raw': '#8a8a8a', ws: '#e0a030', 'socket.io': '#3aa06a' };

/** A short label for a result's cell, from the parameters that vary between cells. */
export function cellLabel(params: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  if (typeof params?.viewers === 'number') parts.push(`N=${params.viewers}`);
  if (typeof params?.rate === 'number') parts.push(`R=${params.rate}/s`);
  if (typeof params?.voters === 'number') parts.push(`K=${params.voters}`);
  if (typeof params?.transport === 'string' && params.transport !== 'loopback' && typeof params.links === 'string') parts.push(`links ${params.links}`);
  if (typeof params?.viewer === 'string') parts.push(`viewer ${params.viewer}`);
  return parts.join(', ') || 'all';
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function formatValue(v: number): string {
  if (v >= 100) return Math.round(v).toLocaleString('en-US');
  return String(Math.round(v * 100) / 100);
}

/** A horizontal bar chart as an SVG document, or undefined when there is nothing to draw. */
export function barChartSvg(spec: ChartSpec, results: BenchResult[]): string | undefined {
  const rows = results.filter((r) => r.scenario === spec.scenario && r.metric === spec.metric && SYSTEM_ORDER.includes(r.system) && r.value >= 0);
  if (rows.length === 0) return undefined;
  const cells = [...new Set(rows.map((r) => cellLabel(r.params)))];
  const max = Math.max(...rows.map((r) => r.value), 1e-9);
  const barH = 18;
  const gap = 6;
  const labelW = 110;
  const plotW = 420;
  const valueW = 90;
  const top = 48;
  const lines: string[] = [];
  let y = top;
  for (const cell of cells) {
    lines.push(`<text x="8" y="${y + 12}" font-weight="bold">${escape(cell)}</text>`);
    y += barH + 2;
    for (const system of SYSTEM_ORDER) {
      const row = rows.find((r) => r.system === system && cellLabel(r.params) === cell);
      if (!row) continue;
      const w = Math.max(1, (row.value / max) * plotW);
      lines.push(
        `<text x="${labelW - 6}" y="${y + 13}" text-anchor="end">${escape(system)}</text>`,
        `<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${COLOURS[system] ?? '#555'}"/>`,
        `<text x="${labelW + w + 6}" y="${y + 13}">${escape(formatValue(row.value))} ${escape(row.unit)}</text>`,
      );
      y += barH + gap;
    }
    y += 8;
  }
  const width = labelW + plotW + valueW + 60;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 8}" viewBox="0 0 ${width} ${y + 8}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="20" font-size="15" font-weight="bold">${escape(spec.title)}</text>`,
    `<text x="8" y="38" fill="#555">${escape(spec.note)}</text>`,
    ...lines,
    '</svg>',
    '',
  ].join('\n');
}

/** File name of a chart, relative to bench/results/charts/. */
export function chartFile(spec: ChartSpec): string {
  return `${spec.scenario}-${spec.metric.replace(/_/g, '-')}.svg`;
}
