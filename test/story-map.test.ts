/**
 * <branchcast-story-map> (issue 16) in real Chromium: the element bundled with
 * esbuild, on a blank page, driven with Playwright's real mouse and keyboard.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../engine/diagnostic.ts';
import type { Story } from '../engine/story.ts';
import { openMapBrowser, type MapBrowser } from './support/story-map-browser.ts';

const demo = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'stories', 'demo.json'), 'utf8')) as Story;
const MAP = 'branchcast-story-map';

let browser: MapBrowser;
let page: Page;

interface Fired {
  type: string;
  detail: unknown;
}

/** Sets the map's properties and waits for it to paint. */
async function show(props: { story: Story | null; diagnostics?: Diagnostic[]; search?: string; selected?: string | null }): Promise<void> {
  await page.evaluate(async (p) => {
    const map = document.querySelector('branchcast-story-map')!;
    Object.assign(map, { diagnostics: [], search: '', ...p });
    await map.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }, props);
}

const fired = (): Promise<Fired[]> => page.evaluate(() => (window as unknown as { fired: Fired[] }).fired.splice(0));

/** Card boxes on screen, by node id. */
function cardRects(): Promise<Record<string, { x: number; y: number; width: number; height: number }>> {
  return page.evaluate(() => {
    const root = document.querySelector('branchcast-story-map')!.shadowRoot!;
    return Object.fromEntries([...root.querySelectorAll('.card')].map((c) => {
      const r = c.querySelector('.frame')!.getBoundingClientRect();
      return [c.getAttribute('data-node')!, { x: r.x, y: r.y, width: r.width, height: r.height }];
    }));
  });
}

function viewportRect(): Promise<{ x: number; y: number; width: number; height: number }> {
  return page.evaluate(() => {
    const r = document.querySelector('branchcast-story-map')!.shadowRoot!.querySelector('.viewport')!.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });
}

const centre = (r: { x: number; y: number; width: number; height: number }) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });

beforeAll(async () => {
  browser = await openMapBrowser({ width: 1280, height: 720 });
  page = browser.page;
  await page.evaluate(() => {
    const w = window as unknown as { fired: Fired[] };
    w.fired = [];
    // On document: the events must bubble and cross the shadow root.
    for (const type of ['node-select', 'node-connect', 'node-open']) document.addEventListener(type, (e) => w.fired.push({ type, detail: (e as CustomEvent).detail }));
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  // No story in between: the next story shown is fitted, so every test starts from the fitted view.
  await show({ story: null, selected: null });
  await fired();
});

describe('<branchcast-story-map>', () => {
  it('draws the demo: a card per node, the start and ending marks, an edge per option with its label', async () => {
    await show({ story: demo });
    const cards = page.locator(`${MAP} .card`);
    expect(await cards.count()).toBe(Object.keys(demo.nodes).length);
    expect(await page.locator(`${MAP} .card.start`).getAttribute('data-node')).toBe('intro');
    expect(await page.locator(`${MAP} .card[data-node="intro"] .title`).textContent()).toBe('The Plan');
    expect(await page.locator(`${MAP} .card[data-node="intro"] .id`).textContent()).toBe('intro');
    expect(await page.locator(`${MAP} .card.start .start-tag`).textContent()).toBe('START');
    const endings = await page.locator(`${MAP} .card.ending`).evaluateAll((els) => els.map((e) => [e.getAttribute('data-node'), e.querySelector('.ending-text')?.textContent]));
    expect(new Map(endings as Array<[string, string]>)).toEqual(new Map([['getaway', '⚑ Ending: Rich'], ['caught', '⚑ Ending: Caught'], ['walk', '⚑ Ending: Clean hands']]));
    const edges = await page.locator(`${MAP} path.edge`).evaluateAll((els) => els.map((e) => `${e.getAttribute('data-from')}>${e.getAttribute('data-to')}`).sort());
    expect(edges).toEqual(['intro>vault', 'intro>walk', 'vault>caught', 'vault>getaway']);
    const labels = await page.locator(`${MAP} text.edge-label`).evaluateAll((els) => els.map((e) => e.querySelector('tspan')?.textContent).sort());
    expect(labels).toEqual(['Crack the vault', 'Grab the diamonds', 'Trip the alarm', 'Walk away']);
    // The guarded option is drawn dashed; every card is inside the fitted viewport.
    expect(await page.locator(`${MAP} path.edge.conditional`).getAttribute('data-to')).toBe('walk');
    const view = await viewportRect();
    for (const r of Object.values(await cardRects())) {
      expect(r.x).toBeGreaterThanOrEqual(view.x);
      expect(r.x + r.width).toBeLessThanOrEqual(view.x + view.width);
    }
  });

  it('puts a planted error on the right card, and draws the broken edge to a "missing" marker', async () => {
    const broken = structuredClone(demo);
    broken.nodes.vault!.choice!.options[1]!.to = 'jail';
    const diagnostics: Diagnostic[] = [
      { severity: 'error', code: 'missing-target', path: '/nodes/vault/choice/options/1/to', message: 'no node "jail"' },
      { severity: 'warning', code: 'unreachable-node', path: '/nodes/caught', message: 'unreachable' },
    ];
    await show({ story: broken, diagnostics });
    const badges = await page.locator(`${MAP} .badge`).evaluateAll((els) => els.map((b) => ({
      node: b.closest('.card')?.getAttribute('data-node'), severity: b.classList.contains('error') ? 'error' : 'warning',
      errors: b.getAttribute('data-errors'), warnings: b.getAttribute('data-warnings'),
    })));
    expect(badges.sort((a, b) => String(a.node).localeCompare(String(b.node)))).toEqual([
      { node: 'caught', severity: 'warning', errors: '0', warnings: '1' },
      { node: 'vault', severity: 'error', errors: '1', warnings: '0' },
    ]);
    expect(await page.locator(`${MAP} .card[data-node="vault"]`).getAttribute('aria-label')).toContain('1 error');
    expect(await page.locator(`${MAP} .missing-marker`).textContent()).toContain('missing: jail');
    expect(await page.locator(`${MAP} path.edge.missing`).getAttribute('data-to')).toBe('jail');
  });

  it('selects on click and on Enter, opens on double-click and Shift+Enter', async () => {
    await show({ story: demo });
    await page.locator(`${MAP} .card[data-node="vault"] .title`).click();
    expect(await fired()).toEqual([{ type: 'node-select', detail: { id: 'vault' } }]);
    expect(await page.locator(`${MAP} .card.selected`).getAttribute('data-node')).toBe('vault');
    await page.locator(`${MAP} .card[data-node="walk"] .frame`).dblclick();
    expect((await fired()).filter((f) => f.type === 'node-open')).toEqual([{ type: 'node-open', detail: { id: 'walk' } }]);
    // Keyboard: the viewport, then the cards in Tab order (left to right); each has an aria label.
    await page.locator(`${MAP} .viewport`).focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.querySelector('branchcast-story-map')!.shadowRoot!.activeElement?.getAttribute('aria-label'));
    expect(focused).toBe('The Plan intro START');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Enter');
    expect(await fired()).toEqual([{ type: 'node-select', detail: { id: 'intro' } }, { type: 'node-open', detail: { id: 'intro' } }]);
  });

  it('connects by dragging a port onto a card, or onto empty space for a new node', async () => {
    await show({ story: demo });
    const drag = async (to: { x: number; y: number }) => {
      const port = await page.locator(`${MAP} .port[data-port="intro"]`).boundingBox();
      await page.mouse.move(port!.x + port!.width / 2, port!.y + port!.height / 2);
      await page.mouse.down();
      await page.mouse.move(to.x - 30, to.y - 10, { steps: 5 });
      await page.mouse.move(to.x, to.y, { steps: 3 });
      await page.mouse.up();
    };
    const rects = await cardRects();
    await drag(centre(rects.caught!));
    expect(await fired()).toEqual([{ type: 'node-connect', detail: { from: 'intro', to: 'caught' } }]);
    const view = await viewportRect();
    await drag({ x: view.x + 40, y: view.y + view.height - 40 });
    expect(await fired()).toEqual([{ type: 'node-connect', detail: { from: 'intro', to: null } }]);
    // The preview line is gone after the drop, and a drag did not select anything.
    expect(await page.locator(`${MAP} .drag-line`).getAttribute('d')).toBe('');
  });

  it('highlights search matches, centres the first, and Enter moves to the next', async () => {
    await show({ story: demo });
    await page.evaluate(() => document.querySelector('branchcast-story-map')!.panZoom.set({ x: 0, y: 0, k: 1.5 }));
    await show({ story: demo, search: 'a' });
    const matches = await page.locator(`${MAP} .card.match`).evaluateAll((els) => els.map((e) => e.getAttribute('data-node')).sort());
    // Title, id or ending title containing "a": all five demo nodes have one.
    expect(matches).toEqual(['caught', 'getaway', 'intro', 'vault', 'walk']);
    await show({ story: demo, search: 'caught' });
    expect(await page.locator(`${MAP} .card.match`).count()).toBe(1);
    const view = centre(await viewportRect());
    await expect.poll(async () => Math.hypot(centre((await cardRects()).caught!).x - view.x, centre((await cardRects()).caught!).y - view.y)).toBeLessThan(2);
    // Enter in the search box cycles: "the" matches The Plan and The Vault, left to right.
    const input = page.locator(`${MAP} input[type="search"]`);
    await input.fill('the');
    expect(await page.locator(`${MAP} .card.current`).getAttribute('data-node')).toBe('intro');
    await input.press('Enter');
    expect(await page.locator(`${MAP} .card.current`).getAttribute('data-node')).toBe('vault');
    expect(await page.locator(`${MAP} .count`).textContent()).toBe('2/2');
    await input.press('Enter');
    expect(await page.locator(`${MAP} .card.current`).getAttribute('data-node')).toBe('intro');
  });

  it('pans by dragging the background and with arrows, zooms with the wheel and buttons, and Fit brings every card back', async () => {
    await show({ story: demo });
    const before = (await cardRects()).intro!;
    const view = await viewportRect();
    await page.mouse.move(view.x + 20, view.y + 20);
    await page.mouse.down();
    await page.mouse.move(view.x + 220, view.y + 120, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await cardRects()).intro!.x - before.x).toBeCloseTo(200, 0);
    await page.locator(`${MAP} .viewport`).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await cardRects()).intro!.x - before.x).toBeCloseTo(140, 0);
    await page.mouse.move(view.x + 300, view.y + 300);
    await page.mouse.wheel(0, -300);
    await expect.poll(async () => (await cardRects()).intro!.width).toBeGreaterThan(before.width * 1.2);
    for (let i = 0; i < 12; i++) await page.locator(`${MAP} button.zoom-in`).click();
    // Clamped: 2.5× at most.
    await expect.poll(() => page.evaluate(() => document.querySelector('branchcast-story-map')!.panZoom.view.k)).toBe(2.5);
    expect((await cardRects()).intro!.width).toBeCloseTo(before.width * 2.5, 0);
    await page.locator(`${MAP} button.fit`).click();
    await expect.poll(async () => (await cardRects()).intro!.x).toBeCloseTo(before.x, 0);
    for (const r of Object.values(await cardRects())) {
      expect(r.x).toBeGreaterThanOrEqual(view.x);
      expect(r.y).toBeGreaterThanOrEqual(view.y);
      expect(r.x + r.width).toBeLessThanOrEqual(view.x + view.width);
      expect(r.y + r.height).toBeLessThanOrEqual(view.y + view.height);
    }
  });

  it('keeps every card and the viewport where they were when only labels change', async () => {
    await show({ story: demo });
    await page.evaluate(() => document.querySelector('branchcast-story-map')!.panZoom.panBy(-120, 35));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    const before = await cardRects();
    const layout = await page.evaluate(() => document.querySelector('branchcast-story-map')!.layout!.structure);
    const relabelled = structuredClone(demo);
    relabelled.nodes.intro!.title = 'A much longer plan title';
    relabelled.nodes.intro!.choice!.options[0]!.label = 'Blow the doors';
    relabelled.nodes.walk!.ending!.title = 'Honest';
    await show({ story: relabelled });
    expect(await page.locator(`${MAP} text.edge-label[data-edge="intro#0"]`).evaluate((e) => e.querySelector('tspan')?.textContent)).toBe('Blow the doors');
    expect(await cardRects()).toEqual(before);
    expect(await page.evaluate(() => document.querySelector('branchcast-story-map')!.layout!.structure)).toBe(layout);
    // A structural edit re-lays out but keeps the view anchored: a card both layouts share stays put on screen.
    const grown = structuredClone(relabelled);
    grown.nodes.epilogue = { media: { src: 'demo/walk/manifest.mpd', duration: 10 }, ending: { title: 'Later' } };
    grown.nodes.walk = { ...grown.nodes.walk!, ending: undefined, next: 'epilogue' };
    await show({ story: grown, selected: 'intro' });
    const after = await cardRects();
    expect(Object.keys(after)).toContain('epilogue');
    expect(after.intro!.x).toBeCloseTo(before.intro!.x, 0);
    expect(after.intro!.y).toBeCloseTo(before.intro!.y, 0);
  });
});
