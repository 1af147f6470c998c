/**
 * `npx tsx bench/sync.ts [--scenario loopback|jitter|both] [--viewers 3] [--quick]`:
 * how closely web player pages follow the room timeline, and how together they
 * switch branch (test/support/sync-scenario.ts runs one pass).
 *
 * - loopback: N viewers straight to the server (the baseline).
 * - jitter: one viewer direct, one behind a 30+40 ms link and one behind a
 *   50+40 ms link (base + uniform jitter, each way, per chunk), each through a
 *   delaying TCP proxy the bench starts on loopback.
 *
 * Reports per-viewer drift, pairwise spread (p50/p95/max), clock-offset error
 * against the true offset (pages and server share one machine clock), and
 * switch skew. Goals (issue 20): spread p95 ≤ 16 ms, switch skew ≤ 33 ms and
 * clock-offset error p95 ≤ 5 ms under jitter; loopback must not regress.
 *
 * Prints JSON lines on stdout: {scenario:'sync', system:'branchcast', metric, value, unit, params}.
 * Progress goes to stderr. Loopback only; bounded in time (about 40 s a pass).
 */
import { parseArgs } from 'node:util';
import { DIRECT, link, runSyncScenario, type LinkSpec, type Quantiles } from '../test/support/sync-scenario.ts';

// --quick is accepted for bench/run.ts; each pass is already short (one 23 s play).
const { values } = parseArgs({ options: { scenario: { type: 'string', default: 'both' }, viewers: { type: 'string', default: '3' }, quick: { type: 'boolean', default: false } } });
const VIEWERS = Math.max(1, Math.min(8, Number(values.viewers)));
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const scenarios: Array<{ name: string; links: LinkSpec[] }> = [];
if (values.scenario !== 'jitter') scenarios.push({ name: 'loopback', links: Array.from({ length: VIEWERS }, () => DIRECT) });
if (values.scenario !== 'loopback') scenarios.push({ name: 'jitter', links: [DIRECT, link(30, 40), link(50, 40)] });

for (const { name, links } of scenarios) {
  log(`sync: ${name}`);
  const f = await runSyncScenario(links, log);
  const params = { viewers: links.length, links: links.map((l) => l.name).join(' '), transport: name, story: 'demo', segmentSeconds: 2, fps: 25 };
  const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}): void =>
    console.log(JSON.stringify({ scenario: 'sync', system: 'branchcast', metric, value: Math.round(value * 10) / 10, unit, params: { ...params, ...extra } }));
  const quantileLines = (prefix: string, q: Quantiles, extra?: Record<string, unknown>): void => {
    emit(`${prefix}_p50`, q.p50, 'ms', extra);
    emit(`${prefix}_p95`, q.p95, 'ms', extra);
    emit(`${prefix}_max`, q.max, 'ms', extra);
  };
  emit('drift_p50_abs', f.drift.p50, 'ms');
  emit('drift_p95_abs', f.drift.p95, 'ms');
  emit('drift_samples', f.drift.samples, 'count');
  quantileLines('spread', f.spread);
  quantileLines('offset_error', f.offsetError);
  for (const v of f.perViewer) {
    const extra = { viewer: v.link };
    emit('viewer_drift_p95_abs', v.drift.p95, 'ms', extra);
    emit('viewer_drift_mean', v.meanDriftMs, 'ms', extra);
    emit('viewer_offset_error_p95', v.offsetError.p95, 'ms', extra);
    emit('viewer_clock_uncertainty_p50', v.uncertaintyP50, 'ms', extra);
    emit('viewer_clock_samples', v.clockSamples, 'count', extra);
  }
  emit('switch_skew', f.switchSkewMs, 'ms');
  emit('switch_late_max', f.switchLateMaxMs, 'ms');
  emit('stalls_over_200ms_at_switch', f.stallsAtSwitch, 'count');
  emit('media_errors', f.mediaErrors, 'count');
}
