/**
 * Stories in several languages (issue 17 point 4) in real Chromium: solo
 * /play/bilingual with the browser in French shows the French texts; the
 * story language menu switches them to English; and the story's analytics
 * record the same option id (and the default language's label) whichever
 * language the viewer chose in. The test scrubs to just before each cue
 * instead of waiting, like player-solo.test.ts. Then the studio: a localized
 * title is edited in the default language, not shown as "[object Object]".
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom } from './support/rooms-api.ts';
import { startDemoBrowser, type DemoBrowser } from './support/demo-browser.ts';

let demo: DemoBrowser;
let page: Page;

const player = () => page.locator('branchcast-player');
const node = (): Promise<string | null> => player().evaluate((el) => (el as unknown as { debugState(): { node: string | null } }).debugState().node);
const scrub = (position: number): Promise<void> =>
  player().evaluate((el, p) => { void (el as unknown as { source: { command(c: unknown): Promise<unknown> } }).source.command({ type: 'seek', position: p }); }, position);
const text = async (selector: string): Promise<string> => ((await page.locator(`branchcast-player ${selector}`).first().textContent({ timeout: 10_000 })) ?? '').trim();
const menu = () => page.locator('branchcast-player .language-menu select');

beforeAll(async () => {
  demo = await startDemoBrowser('i18n', [], { locale: 'fr-FR' });
  page = demo.context.pages()[0] ?? (await demo.context.newPage());
}, 120_000);

afterAll(async () => {
  await demo?.stop();
});

describe('a story in two languages at /play/bilingual', () => {
  it('follows the browser language, switches by the menu, and records votes by option id', { timeout: 120_000 }, async () => {
    expect(await page.evaluate(() => navigator.languages[0])).toBe('fr-FR');
    await page.goto(`${demo.server.url}/play/bilingual`);
    await page.locator('branchcast-player button.solo-play').click({ timeout: 20_000 });
    await expect.poll(node, { timeout: 15_000 }).toBe('intro');

    // French from navigator.languages: the menu says so, and the quiz and hotspot are in French.
    expect(await menu().inputValue()).toBe('fr');
    expect(await menu().getAttribute('aria-label')).toBe('Story language');
    await scrub(3.2);
    expect(await text('.quiz h2')).toBe('Qui conduit ?');
    expect(await text('.quiz button[data-index="1"] .label')).toBe('Personne');
    expect(await text('.hotspot[data-hotspot="skip"]')).toContain('Aller au choix');

    // The vote in French; the menu (a real <select>, by keyboard) switches it to English.
    await scrub(12.2);
    expect(await text('.vote h2')).toContain('Par où sortir ?');
    expect(await text('.vote button[data-option="roof"] .label')).toBe('Par les toits');
    await menu().focus();
    await menu().press('ArrowUp');
    await expect.poll(() => text('.vote button[data-option="roof"] .label'), { timeout: 5000 }).toBe('Over the roofs');
    expect(await text('.vote h2')).toContain('Which way out?');
    await page.locator('branchcast-player .vote button[data-option="roof"]').click();
    await scrub(18.5);
    await expect.poll(node, { timeout: 15_000 }).toBe('caught');
    await scrub(8.8);
    await expect.poll(() => text('.solo-ending h2'), { timeout: 10_000 }).toContain('Caught on the roof');

    // Back to French (kept for the next visit), play again and make the same choice.
    await menu().selectOption('fr');
    await expect.poll(() => text('.solo-ending h2'), { timeout: 5000 }).toContain('Pris sur le toit');
    await page.locator('branchcast-player .solo-ending button.again').click();
    await expect.poll(node, { timeout: 15_000 }).toBe('intro');
    await scrub(12.2);
    expect(await text('.vote button[data-option="roof"] .label')).toBe('Par les toits');
    await page.locator('branchcast-player .vote button[data-option="roof"]').click();
    await scrub(18.5);
    await expect.poll(node, { timeout: 15_000 }).toBe('caught');

    // Analytics: both choices are the option id with the default language's label, whatever the viewer read.
    const key = adminKeyFrom(demo.server.output());
    const choices = async (): Promise<string[]> => {
      const res = await fetch(`${demo.server.url}/api/stories/bilingual/analytics`, { headers: { Authorization: `Bearer ${key}` } });
      const body = (await res.json()) as { plays: Array<{ analytics: { choices: Array<{ option: string; label: string }> } }> };
      return body.plays.flatMap((p) => p.analytics.choices.map((c) => `${c.option}:${c.label}`));
    };
    await expect.poll(choices, { timeout: 15_000, interval: 500 }).toEqual(['roof:Over the roofs', 'roof:Over the roofs']);
  });

  it('the studio edits the default language of a text and leaves the others to the JSON tab', { timeout: 60_000 }, async () => {
    await page.goto(`${demo.server.url}/studio`);
    await page.getByLabel('Author or operator key').fill(adminKeyFrom(demo.server.output()));
    await page.getByRole('button', { name: 'Open the studio' }).click();
    await page.getByRole('button', { name: /The Getaway Car \(bilingual/ }).click();
    const title = page.locator('branchcast-studio .right').getByLabel('Title (en; other languages in the JSON tab)', { exact: true });
    expect(await title.inputValue({ timeout: 10_000 })).toBe('The Getaway Car');
    await title.fill('The Getaway Van');
    await title.press('Tab');
    const draft = () => page.locator('branchcast-studio').evaluate((el) => (el as unknown as { draft: { story: { title: unknown } } }).draft.story.title);
    await expect.poll(draft, { timeout: 5000 }).toEqual({ en: 'The Getaway Van', fr: 'La voiture de fuite' });
  });
});
