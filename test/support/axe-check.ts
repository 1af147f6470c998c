/**
 * Runs axe-core in a Playwright page and reports its serious and critical
 * WCAG 2.1 A/AA violations.
 *
 * The pages send `script-src 'self'`, so a <script> tag carrying axe would be
 * blocked; Playwright's evaluate runs outside the page's CSP, so axe's source
 * is evaluated that way instead. axe descends into open shadow roots by
 * default, which is where the player's and studio's controls live.
 *
 * @example
 *   const found = await axeCheck(page, 'home');
 *   expect(found, describeViolations(found)).toEqual([]);
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const OPTIONS: RunOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };
const BLOCKING: ReadonlySet<ImpactValue> = new Set<ImpactValue>(['serious', 'critical']);

/** One failing element of one rule, flattened so it prints and filters easily. */
export interface Finding {
  page: string;
  rule: string;
  impact: ImpactValue;
  help: string;
  /** axe's selector path; shadow roots are crossed with ' >>> '. */
  target: string;
  html: string;
  summary: string;
}

/** The page's serious and critical violations, one entry per failing element. */
export async function axeCheck(page: Page, label: string): Promise<Finding[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (options) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe;
    const result = await axe.run(document, options);
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact ?? null, help: v.help,
      nodes: v.nodes.map((n) => ({ target: JSON.stringify(n.target), html: n.html.slice(0, 200), summary: n.failureSummary ?? '', impact: n.impact ?? v.impact ?? null })),
    }));
  }, OPTIONS);
  return violations.flatMap((v) => v.nodes
    .filter((n) => BLOCKING.has(n.impact))
    .map((n) => ({ page: label, rule: v.id, impact: n.impact, help: v.help, target: targetText(n.target), html: n.html, summary: n.summary.replace(/\s+/g, ' ') })));
}

/** axe's nested target arrays (one level per shadow root) as one readable path. */
function targetText(json: string): string {
  const flat = (t: unknown): string => (Array.isArray(t) ? t.map(flat).join(' >>> ') : String(t));
  return flat(JSON.parse(json) as unknown);
}

/** A readable report for an assertion message or the log. */
export function describeViolations(found: Finding[]): string {
  if (found.length === 0) return 'no serious or critical violations';
  return found.map((f) => `[${f.page}] ${f.impact} ${f.rule} (${f.help})\n  at ${f.target}\n  ${f.html}\n  ${f.summary}`).join('\n');
}
