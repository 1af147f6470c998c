/**
 * <branchcast-story-map> in real Chromium for the map's test and bench: the
 * element bundled with esbuild as the player bundle is (no server), loaded
 * into a blank page with one map filling a fixed-size body. Close what this
 * returns; Playwright ends the Chromium process it started.
 */
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PLAYER_BUILD_OPTIONS } from '../../server/player/player-build-options.ts';

const CHROMIUM = '/usr/bin/chromium';
// As in the other browser tests (test/support/demo-browser.ts): no sandbox in containers, and no background networking.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface MapBrowser {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function bundleStoryMap(): Promise<string> {
  const bundle = await build({
    ...PLAYER_BUILD_OPTIONS,
    entryPoints: [new URL('../../player/studio/map/branchcast-story-map.ts', import.meta.url).pathname],
    write: false,
    format: 'iife',
  });
  const code = bundle.outputFiles[0]?.text;
  if (code === undefined) throw new Error('esbuild produced no bundle');
  return code;
}

export async function openMapBrowser(size = { width: 1280, height: 720 }): Promise<MapBrowser> {
  const code = await bundleStoryMap();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: size });
    await page.setContent('<!doctype html><html><body style="margin:0;background:#000"><branchcast-story-map style="height:100vh"></branchcast-story-map></body></html>');
    // tsx compiles the callers' page.evaluate functions with esbuild's keepNames, which wraps
    // named local functions in `__name(...)`: the page needs that helper too.
    await page.addScriptTag({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
    await page.addScriptTag({ content: code });
    await page.waitForFunction(() => customElements.get('branchcast-story-map') !== undefined);
    return { browser, page, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
