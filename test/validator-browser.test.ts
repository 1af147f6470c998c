/**
 * The engine's validateStory in real Chromium, on a page of a real
 * `branchcast serve` with that page's own Content-Security-Policy header (no
 * 'unsafe-eval'): the page's script is swapped for a bundle of the engine's
 * validator, built as the player's bundle is, and gives exactly the
 * diagnostics Node gives, without a single CSP violation, while the same
 * page refuses `new Function` (which ajv's runtime compiler needs).
 */
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateStory } from '../engine/validate.ts';
import { PLAYER_BUILD_OPTIONS } from '../server/player/player-build-options.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import type { ValidatorPageAnswer, ValidatorPageRequest } from './support/validator-page-entry.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let server: ServerProcess;
let browser: Browser;
let page: Page;
let csp: string;

const clip = (src: string, duration = 10) => ({ src: `planted/${src}/manifest.mpd`, duration });

/** Semantic findings need a schema-valid story: a missing target, a bad window, an unknown variable. */
const semantic = {
  format: 'branchcast/story@1', id: 'planted', title: 'Planted', start: 'intro', variables: { trust: 0 },
  nodes: {
    intro: {
      media: clip('intro'),
      choice: {
        opens: 4, closes: 12, mode: 'vote', default: 'stay',
        options: [
          { id: 'stay', label: 'Stay', to: 'end' },
          { id: 'go', label: 'Go', to: 'nowhere', if: { '>': [{ var: 'ghost' }, 1] } },
        ],
      },
    },
    end: { media: clip('end', 5), ending: { title: 'End' } },
  },
};
/** A schema error (an unknown property, a wrong type) hides the semantic checks, so it gets a story of its own. */
const schemaBroken = {
  ...semantic,
  nodes: { ...semantic.nodes, end: { media: { src: 'planted/end/manifest.mpd', duration: 'five' }, ending: { title: 'End' }, colour: 'red' } },
};
/** Text: line and column come from the parser, and a duplicate key. */
const text = JSON.stringify(semantic, null, 2).replace('"variables"', '"title": "Again",\n  "variables"');
const inputs: Array<[string, unknown]> = [
  ['semantic errors', semantic],
  ['schema errors', schemaBroken],
  ['semantic errors as text, with a duplicate key', text],
  ['schema errors as text', JSON.stringify(schemaBroken, null, 1)],
  ['not JSON', '{"format": "branchcast/story@1", "nodes": {'],
];

beforeAll(async () => {
  const bundle = await build({ ...PLAYER_BUILD_OPTIONS, entryPoints: [new URL('./support/validator-page-entry.ts', import.meta.url).pathname], write: false });
  const code = bundle.outputFiles[0]?.text ?? '';
  server = await startServerProcess({ startTimeoutMs: 60_000 });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  page = await browser.newPage();
  // Only the script is ours; the page, its URL and its headers are the server's.
  await page.route('**/player/*.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: code }));
  const response = await page.goto(`${server.url}/play/demo`);
  csp = (await response?.allHeaders())?.['content-security-policy'] ?? '';
  await page.waitForSelector('body[data-validator-ready="yes"]');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
let requests = 0;
/** Posts a request to the page's script and waits for its answer (see validator-page-entry.ts). */
async function ask(request: WithoutId<ValidatorPageRequest>): Promise<ValidatorPageAnswer> {
  const id = String(++requests);
  await page.evaluate((message) => window.postMessage(message, '*'), { ...request, id } as ValidatorPageRequest);
  const answer = await page.waitForFunction((key) => (window as unknown as { branchcastValidatorAnswers: Record<string, unknown> }).branchcastValidatorAnswers[key], id);
  return (await answer.jsonValue()) as ValidatorPageAnswer;
}

describe('validateStory in Chromium under the server pages\' CSP', () => {
  it('the page is served with a CSP that refuses eval', () => {
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it.each(inputs)('%s: the same diagnostics as in Node', async (_name, input) => {
    const node = validateStory(input);
    expect(node.length).toBeGreaterThan(0);
    expect(await ask({ kind: 'validate', input })).toEqual({ kind: 'validate', diagnostics: node });
  });

  it('validated without a single CSP violation', async () => {
    expect(await ask({ kind: 'violations' })).toEqual({ kind: 'violations', violations: [] });
  });

  it('plants each kind of finding it means to', () => {
    const codes = (input: unknown) => validateStory(input).map((d) => d.code);
    expect(codes(semantic)).toEqual(expect.arrayContaining(['missing-target', 'bad-window', 'unknown-variable']));
    expect(codes(schemaBroken)).toEqual(['schema', 'schema']);
    expect(codes(text)).toContain('schema');
  });

  it('the same page refuses eval, and so ajv compiling the schema at run time, as the engine did before', async () => {
    const evaluated = await ask({ kind: 'eval' });
    expect(evaluated).toMatchObject({ ok: false, error: expect.stringContaining('EvalError') });
    expect(await ask({ kind: 'ajv-compile' })).toMatchObject({ ok: false, error: expect.stringContaining('EvalError') });
    const reported = await ask({ kind: 'violations' });
    expect(reported.kind === 'violations' && reported.violations).toEqual(['script-src eval', 'script-src eval']);
  });
});
