/**
 * Captions (issue 17.3) in real Chromium, solo at /play/demo: English by
 * default (the story's default track) at the right moments; the viewer picks
 * French in the language menu; after a branch switch the new node's French
 * captions appear timed to the new node, the first one from its start (its
 * file was fetched when the switch was announced). Timing is read off the
 * demo captions themselves, which name their scene and seconds.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoBrowser, type DemoBrowser } from './support/demo-browser.ts';

interface Sample {
  node: string | null;
  position: number;
  text: string;
  lang: string | null;
}

let demo: DemoBrowser;
let page: Page;

const player = () => page.locator('branchcast-player');
/** Caption text, its language and the player's room position, read in one go so they belong together. */
const sample = (): Promise<Sample> =>
  player().evaluate((el) => {
    const view = el as unknown as { position: number; debugState(): { roomNode: string | null } };
    const box = el.shadowRoot?.querySelector('.captions');
    return { node: view.debugState().roomNode, position: view.position, text: box?.textContent?.replace(/\s+/g, ' ').trim() ?? '', lang: box?.getAttribute('data-lang') ?? null };
  });
const scrub = (position: number): Promise<void> =>
  player().evaluate((el, p) => { void (el as unknown as { source: { command(c: unknown): Promise<unknown> } }).source.command({ type: 'seek', position: p }); }, position);
const waitForSample = async (ok: (s: Sample) => boolean, timeout = 10_000): Promise<Sample> => {
  await expect.poll(async () => ok(await sample()), { timeout, interval: 100 }).toBe(true);
  return sample();
};

const PHRASE = { en: /^(.+): seconds (\d+) to (\d+)$/, fr: /^(.+) : secondes (\d+) à (\d+)$/ } as const;

/** The caption names the scene on screen and a 2-s window holding the position (the overlay redraws 4× a second). */
function expectTimed(s: Sample, lang: 'en' | 'fr', scene: string): void {
  expect(s.lang).toBe(lang);
  const m = PHRASE[lang].exec(s.text);
  expect(m, `caption '${s.text}' at ${s.position}`).not.toBeNull();
  expect(m![1]).toBe(scene);
  expect(s.position).toBeGreaterThanOrEqual(Number(m![2]) - 0.1);
  expect(s.position).toBeLessThan(Number(m![3]) + 0.4);
}

beforeAll(async () => {
  demo = await startDemoBrowser('captions');
  page = demo.context.pages()[0] ?? (await demo.context.newPage());
}, 120_000);

afterAll(async () => {
  await demo?.stop();
});

describe('captions in the solo player', () => {
  it('shows English, then French from the menu, timed to each node across a branch switch', { timeout: 60_000 }, async () => {
    await page.goto(`${demo.server.url}/play/demo`);
    await page.locator('branchcast-player button.solo-play').click({ timeout: 20_000 });

    // English by default, timed to the intro.
    await scrub(4.5);
    expectTimed(await waitForSample((s) => s.text.includes('seconds 4 to 6')), 'en', 'The Plan');
    const menu = page.locator('branchcast-player select[aria-label="Captions language"]');
    expect(await menu.inputValue()).toBe('en');
    expect(await menu.locator('option').allTextContents()).toEqual(['English', 'Français', 'Off']);

    // Off hides them; French shows the same moment in French, and the choice is remembered.
    await menu.selectOption('off');
    await waitForSample((s) => s.text === '');
    await menu.selectOption('fr');
    expectTimed(await waitForSample((s) => s.lang === 'fr' && s.text !== ''), 'fr', 'The Plan');
    expect(await page.evaluate(() => localStorage.getItem('branchcast.captions'))).toBe('fr');

    // Take the vault branch; the switch comes at the end of the intro (20 s).
    await scrub(11.6);
    await page.locator('branchcast-player .vote button[data-option="vault"]').click({ timeout: 10_000 });
    await scrub(18.5);
    // Sample through the switch: every caption shown is timed to the node playing at that moment.
    const seen: Sample[] = [];
    const deadline = performance.now() + 15_000;
    while (performance.now() < deadline) {
      const s = await sample();
      if (s.text !== '') seen.push(s);
      if (s.node === 'vault' && s.text.startsWith('The Vault') && s.position > 2.2) break;
      await page.waitForTimeout(100);
    }
    const vault = seen.filter((s) => s.text.startsWith('The Vault'));
    expect(vault.length, JSON.stringify(seen.slice(-5))).toBeGreaterThan(0);
    for (const s of seen) {
      const scene = s.text.startsWith('The Vault') ? 'The Vault' : 'The Plan';
      // The overlay redraws 4× a second, so the intro's last caption may outlive the switch by one redraw.
      if (scene === 'The Plan' && s.node === 'vault') expect(s.position).toBeLessThan(0.4);
      else expectTimed(s, 'fr', scene);
    }
    // The new node's first caption was already there in its first two seconds.
    expect(vault[0]!.text).toBe('The Vault : secondes 0 à 2');

    await scrub(7.2);
    expectTimed(await waitForSample((s) => s.text.includes('secondes 6 à 8')), 'fr', 'The Vault');
  });
});
