/**
 * The home page and the host console explain themselves (issue 19.6), in real
 * Chromium against `branchcast serve` with the demo media: the home page
 * lists the stories with a graph thumbnail and a validity badge, creates a
 * room in one click, copies the viewer link and shows its QR code; the
 * console logs what each button did (acknowledged, or refused with the
 * server's reason), answers its keyboard shortcuts, and shows designed
 * states: an empty list, an unreachable server (home and console), a refused
 * host link and a closed room.
 * Writes docs/img/home.png and docs/img/console.png when missing, or with
 * BRANCHCAST_UPDATE_DOCS_IMG=1.
 */
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeCheck, describeViolations } from './support/axe-check.ts';
import { startDemoBrowser, type DemoBrowser } from './support/demo-browser.ts';
import { RoomClient } from './support/room-client.ts';
import { adminKeyFrom, viewerToken } from './support/rooms-api.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const REPO = join(import.meta.dirname, '..');

let demo: DemoBrowser;
let shots: TempDir;
const problems: string[] = [];
const viewers: RoomClient[] = [];

beforeAll(async () => {
  demo = await startDemoBrowser('home-console');
  shots = await makeTempDir('branchcast-home-console-shots-');
  await demo.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.server.url });
}, 120_000);

afterAll(async () => {
  for (const v of viewers) await v.close();
  await demo?.stop();
  await shots?.remove();
});

async function openPage(path: string): Promise<Page> {
  const page = await demo.context.newPage();
  page.on('pageerror', (e) => problems.push(`${path}: ${e.message}`));
  await page.goto(`${demo.server.url}${path}`);
  return page;
}

/** No serious or critical axe finding (WCAG 2.1 A/AA), in the states test/a11y.test.ts does not reach. */
async function expectAccessible(page: Page, label: string): Promise<void> {
  const found = await axeCheck(page, label);
  expect(found, describeViolations(found)).toEqual([]);
}

/** The action log's entries, newest first, as "<label> <state>…" text. */
const logEntries = (host: Page): Promise<string[]> =>
  host.locator('branchcast-console .action-log li').allTextContents().then((all) => all.map((t) => t.replace(/\s+/g, ' ').trim()));

describe('home page and host console', () => {
  it('lists the stories with a graph thumbnail and validity, creates a room in one click, copies the link and shows its QR code; the console logs what each button and key did', { timeout: 120_000 }, async () => {
    const home = await openPage('/');
    const card = home.locator('.story-card[data-story="demo"]');
    // The demo's five nodes and their exits, drawn from the story itself.
    await expect.poll(() => card.locator('svg.graph-thumb').getAttribute('data-nodes'), { timeout: 15_000 }).toBe('5');
    expect(Number(await card.locator('svg.graph-thumb').getAttribute('data-edges'))).toBeGreaterThanOrEqual(4);
    expect(await card.locator('svg.graph-thumb circle.dot.start').count()).toBe(1);
    expect(await card.locator('svg.graph-thumb circle.dot.ending').count()).toBe(3);
    await expect.poll(() => card.locator('.validity').getAttribute('data-validity')).toBe('valid');
    expect(await card.locator('.validity').textContent()).toBe('Valid');
    // Every bundled story has a card whose validity was worked out (none left "checking").
    expect(await home.locator('.story-card').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => home.locator('.story-card .validity[data-validity="checking"]').count()).toBe(0);

    // No key: told to type one, nothing sent. A wrong key: refused, in words.
    await card.getByRole('button', { name: /^Create room for/ }).click();
    await expect.poll(() => home.locator('#key-problem').textContent()).toBe('Type the operator key first.');
    await home.getByLabel('Operator key').fill('not-the-key');
    await card.getByRole('button', { name: /^Create room for/ }).click();
    await expect.poll(() => home.locator('#key-problem').textContent()).toContain('The operator key was not accepted');
    expect(await home.getByLabel('Operator key').getAttribute('aria-invalid')).toBe('true');

    // The right key: one click makes the room, copies the viewer link and shows it as a QR code.
    await home.getByLabel('Operator key').fill(adminKeyFrom(demo.server.output()));
    await card.getByRole('button', { name: /^Create room for/ }).click();
    const room = home.locator('section.room');
    await room.waitFor({ timeout: 15_000 });
    const viewerLink = await room.locator('input.viewer-link').inputValue();
    expect(viewerLink).toMatch(new RegExp(`^${demo.server.url}/watch/[\\w-]+$`));
    await expect.poll(() => room.locator('.copy-status').textContent()).toContain('copied');
    expect(await home.evaluate(() => navigator.clipboard.readText())).toBe(viewerLink);
    const qr = room.getByRole('img', { name: `QR code of the viewer link: ${viewerLink}` });
    expect(await qr.locator('path').getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
    expect((await qr.boundingBox())!.width).toBeGreaterThanOrEqual(150);
    // The key went nowhere but the request: not in storage, the URL or the page.
    const key = adminKeyFrom(demo.server.output());
    expect(await home.evaluate((k) => JSON.stringify({ ...localStorage }).includes(k) || JSON.stringify({ ...sessionStorage }).includes(k) || location.href.includes(k), key)).toBe(false);
    expect(await room.innerHTML()).not.toContain(key);
    await screenshot(home, 'home.png');
    await expectAccessible(home, 'home (room ready, QR code)');

    // The host link (its token in the fragment) opens the console.
    const hostLink = await room.locator('a.host-link').getAttribute('href');
    expect(hostLink).toMatch(/\/host\/[\w-]+#token=/);
    const host = await openPage(new URL(hostLink!).pathname + new URL(hostLink!).hash);
    const el = host.locator('branchcast-console');
    await el.locator('.badge.conn.open').waitFor({ timeout: 20_000 });
    expect(await el.locator('.shortcuts').textContent()).toMatch(/Space\s*K\s*Play or pause the room/);
    expect(await el.locator('.actions-card .empty').textContent()).toContain('Nothing yet');

    // A button: Play, acknowledged.
    await el.locator('button.play').click();
    await expect.poll(() => logEntries(host)).toEqual([expect.stringMatching(/Play acknowledged: room v\d+/)]);
    await expect.poll(() => el.locator('button.play').textContent()).toBe('Pause');
    // A refused one: a quiz with one option; the server's reason is shown.
    await el.getByLabel('Question').fill('Ready?');
    await el.getByLabel('Options, comma separated').fill('Yes');
    await el.getByRole('button', { name: 'Push quiz' }).click();
    await expect.poll(() => logEntries(host).then((l) => l[0])).toMatch(/Push quiz “Ready\?” refused: invalid: quiz.options must be 2-16 strings/);
    // A shortcut: K pauses (focus is on no text field once Escape lets go of the form).
    await host.keyboard.press('Escape');
    await host.locator('body').click({ position: { x: 2, y: 2 } });
    await host.keyboard.press('k');
    await expect.poll(() => logEntries(host).then((l) => l[0])).toMatch(/Pause acknowledged/);
    await expect.poll(() => el.locator('button.play').textContent()).toBe('Play');
    // 1 with no choice open is refused in the console itself, with why.
    await host.keyboard.press('1');
    await expect.poll(() => logEntries(host).then((l) => l[0])).toMatch(/Force option 1 refused: not sent: no choice is open/);

    // The open vote: countdown, live tallies from three viewers, a pushed quiz and its heatmap.
    const roomId = new URL(viewerLink).pathname.split('/')[2]!;
    for (const vote of ['vault', 'vault', 'walk']) {
      const v = await RoomClient.connect(demo.server.url, { token: (await viewerToken(demo.server.url, roomId)).token });
      await v.welcome();
      viewers.push(v);
      (v as RoomClient & { vote: string }).vote = vote;
    }
    await expect.poll(() => el.locator('.viewer-count').textContent(), { timeout: 10_000 }).toBe('4');
    await host.keyboard.press('Space');
    await expect.poll(() => logEntries(host).then((l) => l[0])).toMatch(/Play acknowledged/);
    // The story's quiz: two right answers earn the room the trust that offers "Walk away" in the vote.
    await seek(host, 5);
    await el.locator('.quiz-card[data-quiz="liar"]').waitFor({ timeout: 10_000 });
    for (const [i, v] of viewers.entries()) expect(await v.command({ type: 'answer', quiz: 'liar', option: i === 2 ? 0 : 1 })).toMatchObject({ t: 103 });
    await seek(host, 13);
    await el.locator('.tally-row[data-option="walk"]').waitFor({ timeout: 10_000 });
    // Paused while the vote is open, so it stays open for the votes, the quiz and the screenshot.
    await host.keyboard.press('k');
    await expect.poll(() => logEntries(host).then((l) => l[0])).toMatch(/Pause acknowledged/);
    expect(await el.locator('.countdown').textContent()).toMatch(/closes in \d s/);
    for (const v of viewers) {
      const answer = await v.command({ type: 'vote', option: (v as RoomClient & { vote: string }).vote });
      expect(answer, JSON.stringify(answer)).toMatchObject({ t: 103 });
    }
    // Both counts in one poll: the acks come before the throttled TALLY (at most 100 ms later) that carries the last vote.
    const tallies = async (): Promise<string> => `${await el.locator('.tally-row[data-option="vault"] .n').textContent()}/${await el.locator('.tally-row[data-option="walk"] .n').textContent()}`;
    await expect.poll(tallies).toBe('2/1');
    await el.getByLabel('Question').fill('Who holds the key?');
    await el.getByLabel('Options, comma separated').fill('Ana, Ben, Cy');
    await el.getByRole('button', { name: 'Push quiz' }).click();
    await expect.poll(() => logEntries(host).then((l) => l[0])).toMatch(/Push quiz “Who holds the key\?” acknowledged/);
    const quiz = await el.locator('.quiz-card').last().getAttribute('data-quiz');
    for (const [i, v] of viewers.entries()) expect(await v.command({ type: 'answer', quiz, option: i === 2 ? 0 : 1 })).toMatchObject({ t: 103 });
    await host.waitForTimeout(1500); // a HEATMAP frame after the answers
    await screenshot(host, 'console.png');
    await expectAccessible(host, 'console (vote, quiz, action log)');

    // Offline: the console says the server is unreachable (and stays on screen); back online, it is live again.
    await demo.context.setOffline(true);
    await el.locator('.banner.unreachable').waitFor({ timeout: 15_000 });
    expect(await el.locator('.banner.unreachable').textContent()).toMatch(/Server unreachable: retrying in \d+ s/);
    await demo.context.setOffline(false);
    await el.locator('.badge.conn.open').waitFor({ timeout: 20_000 });
    expect(await el.locator('.banner').count()).toBe(0);
    // The room closes: the console gives way to a panel that says so, with the way back to the home page.
    const hostToken = decodeURIComponent(hostLink!.split('#token=')[1]!);
    expect((await fetch(`${demo.server.url}/api/rooms/${roomId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${hostToken}` } })).status).toBe(204);
    await expect.poll(() => el.locator('.dead-end h2').textContent(), { timeout: 10_000 }).toBe('This room has closed');
    expect(await el.locator('.dead-end a').getAttribute('href')).toBe('/');
    await expectAccessible(host, 'console (room closed)');
    expect(problems).toEqual([]);
  });

  it('shows designed states: no stories, server unreachable, a refused host link', { timeout: 60_000 }, async () => {
    const empty = await demo.context.newPage();
    await empty.route('**/api/stories', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '[]' }));
    await empty.goto(`${demo.server.url}/`);
    await expect.poll(() => empty.locator('.state.empty h3').textContent()).toBe('No stories yet');
    await expectAccessible(empty, 'home (no stories)');

    const down = await demo.context.newPage();
    await down.route('**/api/stories', (route) => route.abort('connectionrefused'));
    await down.goto(`${demo.server.url}/`);
    await expect.poll(() => down.locator('.state.unreachable h3').textContent()).toBe('Cannot reach the branchcast server');
    await expectAccessible(down, 'home (server unreachable)');
    await down.unroute('**/api/stories');
    await down.getByRole('button', { name: 'Try again' }).click();
    await down.locator('.story-card[data-story="demo"]').waitFor({ timeout: 10_000 });

    const refused = await openPage('/host/no-such-room#token=not-a-token');
    await expect.poll(() => refused.locator('branchcast-console .dead-end h2').textContent(), { timeout: 15_000 }).toMatch(/This host link does not work|No such room/);
    await expectAccessible(refused, 'console (host link refused)');
    expect(problems).toEqual([]);
  });
});

/** Moves the room as the console's slider does. */
const seek = (host: Page, position: number): Promise<void> =>
  host.locator('branchcast-console input.seek').evaluate((input: HTMLInputElement, p) => { input.value = String(p); input.dispatchEvent(new Event('change')); }, position);

/** README screenshots: written when missing or asked for (BRANCHCAST_UPDATE_DOCS_IMG=1). */
async function screenshot(page: Page, name: string): Promise<void> {
  const shot = join(shots.path, name);
  await page.screenshot({ path: shot, fullPage: true });
  const target = join(REPO, 'docs', 'img', name);
  if (process.env.BRANCHCAST_UPDATE_DOCS_IMG !== '1' && (await stat(target).catch(() => null))) return;
  await mkdir(join(REPO, 'docs', 'img'), { recursive: true });
  await copyFile(shot, target);
}
