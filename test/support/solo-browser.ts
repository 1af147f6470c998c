/**
 * SoloSession in real Chromium: test/support/solo-replay.ts (the player's solo
 * session and the engine under it) bundled with esbuild as the player bundle
 * is, loaded into a blank page, and run there. Close the returned browser in
 * afterAll; Playwright ends the Chromium process it started.
 */
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ReplayJob, ReplayResult } from './solo-replay.ts';

const CHROMIUM = '/usr/bin/chromium';
// As in the other browser tests (test/support/demo-browser.ts): no sandbox in containers, and no background networking.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const GLOBAL = 'branchcastSoloReplay';

export interface SoloBrowser {
  browser: Browser;
  /** Runs the jobs in the page, in order; results come back as JSON. */
  replay(jobs: ReplayJob[]): Promise<ReplayResult[]>;
  /** The page's user agent, to show the hashes really came from Chromium. */
  userAgent(): Promise<string>;
  close(): Promise<void>;
}

export async function openSoloBrowser(): Promise<SoloBrowser> {
  const bundle = await build({
    entryPoints: [new URL('./solo-replay.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: GLOBAL,
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]?.text;
  if (code === undefined) throw new Error('esbuild produced no bundle');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const page: Page = await browser.newPage();
    await page.addScriptTag({ content: code });
    return {
      browser,
      replay: (jobs) =>
        page.evaluate(([name, list]) => {
          const api = (globalThis as unknown as Record<string, { replay(job: ReplayJob): ReplayResult }>)[name]!;
          return list.map((job) => api.replay(job));
        }, [GLOBAL, jobs] as const),
      userAgent: () => page.evaluate(() => navigator.userAgent),
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
