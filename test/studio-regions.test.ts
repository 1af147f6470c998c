/**
 * The studio's visual pieces (issue 16) in real Chromium, on the demo story
 * and demo media generated here: map cards show a frame of each packaged
 * node (and nothing broken for a node whose clip does not exist yet), and a
 * hotspot's region is drawn by dragging on a frame of its clip, which sets
 * the region as one edit that one undo restores.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Region } from '../engine/story.ts';
import { adminKeyFrom } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';
import { CHROMIUM_FLAGS } from './support/demo-browser.ts';

const REPO = join(import.meta.dirname, '..');
const DEMO_NODES = ['intro', 'vault', 'getaway', 'caught', 'walk'];

let tmp: TempDir;
let server: ServerProcess;
let browser: Browser;
let page: Page;

const studio = () => page.locator('branchcast-studio');
const map = () => studio().locator('branchcast-story-map');
const regionFields = () => studio().locator('.right .hotspot-block').first().locator('.row.region input');

/** The lipstick hotspot's region as the four number fields show it. */
async function shownRegion(): Promise<Region> {
  const [x, y, w, h] = await Promise.all([0, 1, 2, 3].map(async (i) => Number(await regionFields().nth(i).inputValue())));
  return { x: x!, y: y!, w: w!, h: h! };
}

beforeAll(async () => {
  tmp = await makeTempDir('branchcast-regions-');
  const media = join(tmp.path, 'media');
  await promisify(execFile)(process.execPath, [join(REPO, 'bin', 'branchcast.js'), 'media', 'demo', '--media', media], { cwd: REPO });
  server = await startServerProcess({ args: ['--media', media], startTimeoutMs: 60_000 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await tmp?.remove();
});

describe('studio frames', () => {
  it('shows thumbnails on the map and draws a hotspot region by dragging on a frame', { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    const frames = new Map<string, number>();
    page.on('response', (r) => { if (r.url().includes('/api/media/frame')) frames.set(r.url(), r.status()); });
    await page.goto(`${server.url}/studio`);
    await page.getByLabel('Author or operator key').fill(adminKeyFrom(server.output()));
    await page.getByRole('button', { name: 'Open the studio' }).click();
    await page.locator('button.open-story[data-story="demo"]').click();

    // Every packaged node's card shows a frame of its clip, loaded from the server.
    for (const id of DEMO_NODES) {
      const thumb = map().locator(`g.card[data-node="${id}"] image.thumb`);
      await expect.poll(() => thumb.count()).toBe(1);
      expect(await thumb.getAttribute('href')).toMatch(/^\/api\/media\/frame\?src=demo%2F.*&w=160$/);
    }
    await expect.poll(() => [...frames.values()].filter((s) => s === 200).length, { timeout: 30_000 }).toBe(DEMO_NODES.length);

    // A node whose clip does not exist yet: its frame is a 404, and the card shows no image for it.
    await studio().getByRole('button', { name: 'Add node' }).click();
    const added = map().locator('g.card.selected');
    const addedId = (await added.getAttribute('data-node')) ?? '';
    await expect.poll(() => [...frames.entries()].some(([url, s]) => url.includes(encodeURIComponent(`demo/${addedId}/`)) && s === 404)).toBe(true);
    // Chromium would draw its broken-image icon there: the map hides the image instead.
    await expect.poll(() => added.locator('image.thumb').evaluate((i: SVGImageElement) => getComputedStyle(i).visibility)).toBe('hidden');
    expect(await map().locator('g.card[data-node="intro"] image.thumb').evaluate((i: SVGImageElement) => getComputedStyle(i).visibility)).toBe('visible');

    // The lipstick hotspot of the intro: its region editor shows the frame at its `from`.
    await studio().locator('.node-item[data-node="intro"]').click();
    const editor = studio().locator('.right branchcast-region-editor').first();
    const img = editor.locator('img');
    expect(await img.getAttribute('src')).toBe(`/api/media/frame?src=${encodeURIComponent('demo/intro/manifest.mpd')}&t=4&w=640`);
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth), { timeout: 20_000 }).toBe(640);
    const before = await shownRegion();
    expect(before).toEqual({ x: 0.62, y: 0.4, w: 0.12, h: 0.2 });
    await expect.poll(() => editor.locator('.region').count()).toBe(1);

    // Drag from (0.1, 0.2) to (0.5, 0.6) of the frame, and a little beyond the right edge for a second one.
    await editor.scrollIntoViewIfNeeded();
    const box = (await editor.locator('.frame').boundingBox())!;
    const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
    await page.mouse.move(...at(0.1, 0.2));
    await page.mouse.down();
    await page.mouse.move(...at(0.3, 0.4), { steps: 4 });
    expect(await editor.locator('.draft').count()).toBe(1);
    await page.mouse.move(...at(0.5, 0.6), { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => shownRegion()).not.toEqual(before);
    const drawn = await shownRegion();
    for (const [key, want] of [['x', 0.1], ['y', 0.2], ['w', 0.4], ['h', 0.4]] as const) {
      expect(Math.abs(drawn[key] - want), key).toBeLessThan(0.01);
      expect(Math.round(drawn[key] * 1000) / 1000, `${key} has 3 decimals`).toBe(drawn[key]);
    }
    // The JSON (the source of truth) holds the same region.
    await studio().getByRole('tab', { name: 'JSON' }).click();
    const json = JSON.parse(await studio().locator('textarea.json-text').inputValue()) as { nodes: { intro: { hotspots: Array<{ region: Region }> } } };
    expect(json.nodes.intro.hotspots[0]!.region).toEqual(drawn);
    await studio().getByRole('tab', { name: 'Map' }).click();

    // One undo step restores the region as a whole.
    await studio().getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => shownRegion()).toEqual(before);
    await studio().getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => shownRegion()).toEqual(drawn);

    // A drag that leaves the frame (by 20 px, still inside the window) is clamped to its edge.
    await editor.scrollIntoViewIfNeeded();
    const again = (await editor.locator('.frame').boundingBox())!;
    await page.mouse.move(again.x + 0.8 * again.width, again.y + 0.7 * again.height);
    await page.mouse.down();
    await page.mouse.move(again.x + again.width + 20, again.y + again.height + 20, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await shownRegion()).x).toBeCloseTo(0.8, 1);
    const clamped = await shownRegion();
    expect(clamped.x + clamped.w).toBeLessThanOrEqual(1);
    expect(clamped.y + clamped.h).toBeLessThanOrEqual(1);
    expect(Math.abs(clamped.x + clamped.w - 1)).toBeLessThan(0.002);
    expect(problems).toEqual([]);
  });
});
