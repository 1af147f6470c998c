/**
 * Moderation end to end (issue 19.5), in real Chromium against `branchcast
 * serve` with the demo media: the host console removes a comment (gone from
 * the other viewer's screen, and never shown to a viewer who joins later),
 * mutes a viewer (whose next comment is refused with the typed error), and
 * kicks a viewer (who is told so, and whose reload with the same link is
 * refused the same way).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoBrowser, type DemoBrowser } from './support/demo-browser.ts';
import { adminKeyFrom, createRoom, type CreatedRoom } from './support/rooms-api.ts';

let demo: DemoBrowser;
let room: CreatedRoom & { hostUrl: string };
const problems: string[] = [];

beforeAll(async () => {
  demo = await startDemoBrowser('moderation');
  room = (await createRoom(demo.server.url, adminKeyFrom(demo.server.output()), 'demo')) as CreatedRoom & { hostUrl: string };
}, 120_000);

afterAll(async () => {
  await demo?.stop();
});

async function open(url: string, label: string): Promise<Page> {
  const page = await demo.context.newPage();
  page.on('pageerror', (e) => problems.push(`${label}: ${e.message}`));
  await page.goto(url);
  return page;
}

const status = (page: Page): Promise<string> =>
  page.evaluate(() => (document.querySelector('branchcast-player, branchcast-console') as unknown as { debugState?: () => { status: string } }).debugState?.().status ?? 'none');

async function comment(page: Page, text: string): Promise<void> {
  await page.getByLabel('Comment at this moment').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/** The danmaku's comment texts on a viewer's screen. */
const shown = (page: Page): Promise<string[]> => page.locator('.danmaku .comment').allTextContents().then((all) => all.map((t) => t.trim()));

describe('host moderation in real Chromium', () => {
  it('remove, mute and kick from the console reach the viewers; a kicked viewer cannot rejoin', { timeout: 120_000 }, async () => {
    const host = await open(`${room.hostUrl}#token=${encodeURIComponent(room.hostToken)}`, 'host');
    const ann = await open(room.joinUrl, 'ann');
    const bob = await open(room.joinUrl, 'bob');
    for (const page of [host, ann, bob]) await expect.poll(() => status(page), { timeout: 20_000 }).toBe('open');

    await comment(ann, 'hello from ann');
    await comment(bob, 'buy cheap pills');
    await expect.poll(() => shown(ann), { timeout: 10_000 }).toContain('buy cheap pills');
    const panel = host.locator('moderation-panel');
    const spam = panel.locator('li', { hasText: 'buy cheap pills' });
    await expect.poll(() => spam.count(), { timeout: 10_000 }).toBe(1);

    // Remove: gone from ann's screen at once, and a viewer joining later never gets it.
    await spam.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => shown(ann), { timeout: 10_000 }).not.toContain('buy cheap pills');
    expect(await shown(ann)).toContain('hello from ann');
    await expect.poll(() => panel.locator('li', { hasText: 'buy cheap pills' }).count()).toBe(0);
    const late = await open(room.joinUrl, 'late');
    await expect.poll(() => status(late), { timeout: 20_000 }).toBe('open');
    await expect.poll(() => shown(late), { timeout: 10_000 }).toContain('hello from ann');
    expect(await shown(late)).not.toContain('buy cheap pills');

    // Mute: ann's next comment is refused with the typed error, shown to her.
    const annRow = panel.locator('li', { hasText: 'hello from ann' });
    await annRow.getByRole('button', { name: /^Mute / }).click();
    await expect.poll(() => annRow.getByRole('button', { name: /^Unmute / }).count(), { timeout: 10_000 }).toBe(1);
    await comment(ann, 'am I muted?');
    await expect.poll(() => ann.locator('.toast .message').textContent(), { timeout: 10_000 }).toBe('muted: a host muted your comments in this room');
    expect(await shown(bob)).not.toContain('am I muted?');

    // Kick: ann is told, and her reload (the same link, the same identity) is refused the same way.
    await annRow.getByRole('button', { name: /^Kick / }).click();
    const removed = ann.locator('.error-panel.kicked');
    await expect.poll(() => removed.count(), { timeout: 10_000 }).toBe(1);
    expect(await removed.locator('h2').textContent()).toBe('You were removed from this room');
    await ann.reload();
    await expect.poll(() => ann.locator('.error-panel.kicked').count(), { timeout: 20_000 }).toBe(1);
    expect(await status(ann)).toBe('failed');
    // Everyone else carries on.
    expect(await status(bob)).toBe('open');
    expect(await host.locator('branchcast-console .action-log li[data-state="acknowledged"]').count()).toBeGreaterThanOrEqual(3);
    expect(problems).toEqual([]);
  });
});
