/**
 * Solo viewing (issue 15) in real Chromium: /play/demo with no host, token or
 * room. The viewer starts playback, answers the quiz (its award unlocks an
 * option), chooses, reaches an ending, goes back to the first choice, takes
 * the other branch, reloads mid-segment and lands at the same point with the
 * same variables, carries the run to a second browser by link, and
 * finishes. To keep the run short, the test scrubs
 * (a solo viewer's seek) to just before each cue instead of waiting.
 */
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom } from './support/rooms-api.ts';
import { CHROMIUM_FLAGS, startDemoBrowser, type DemoBrowser } from './support/demo-browser.ts';
import type { ServerProcess } from './support/server-process.ts';


interface SoloDebug {
  node: string | null;
  roomNode: string | null;
  roomPosition: number | null;
  currentTime: number | null;
  paused: boolean | null;
  vars?: Record<string, unknown>;
  path?: string[];
  stats: { stalls: Array<{ ms: number; wall: number; node: string }>; switches: Array<{ to: string; wall: number; prepared: boolean }>; mediaErrors: string[] };
}

let demo: DemoBrowser;
let server: ServerProcess;
let page: Page;

const player = () => page.locator('branchcast-player');
const debug = (): Promise<SoloDebug> => player().evaluate((el) => (el as unknown as { debugState(): SoloDebug }).debugState());
/** A solo viewer's scrub, through the element's own room view (the same command a seek bar sends). */
const scrub = (position: number): Promise<void> =>
  player().evaluate((el, p) => { void (el as unknown as { source: { command(c: unknown): Promise<unknown> } }).source.command({ type: 'seek', position: p }); }, position);
const waitFor = async (what: (d: SoloDebug) => boolean, timeout = 15_000): Promise<SoloDebug> => {
  await expect.poll(async () => what(await debug()), { timeout, interval: 100 }).toBe(true);
  return debug();
};

beforeAll(async () => {
  demo = await startDemoBrowser('solo');
  server = demo.server;
  page = demo.context.pages()[0] ?? (await demo.context.newPage());
}, 120_000);

afterAll(async () => {
  await demo?.stop();
});

describe('solo viewing at /play/demo', () => {
  it('plays, chooses, ends, goes back, takes the other branch, resumes after a reload and on another device', { timeout: 150_000 }, async () => {
    await page.goto(`${server.url}/play/demo`);
    // Nothing plays before the viewer's click.
    const play = page.locator('branchcast-player button.solo-play');
    await play.waitFor({ timeout: 20_000 });
    expect(await play.textContent()).toContain('Play');
    await play.click();
    await waitFor((d) => d.node === 'intro' && d.paused === false && (d.currentTime ?? 0) > 0.3);

    // The quiz (3-9 s): the right answer awards `trust`, which offers "Walk away" later.
    await scrub(3.2);
    await page.locator('branchcast-player .quiz[data-quiz="liar"] button[data-index="1"]').click({ timeout: 10_000 });
    await scrub(11.6);
    const vote = page.locator('branchcast-player .vote');
    await vote.waitFor({ timeout: 10_000 });
    expect((await debug()).vars).toMatchObject({ trust: 1 });
    expect(await vote.locator('button.option').count()).toBe(2);
    await vote.locator('button[data-option="vault"]').click();

    // The switch comes at the end of the segment (20 s), prepared.
    await scrub(18.5);
    await waitFor((d) => d.node === 'vault' && d.paused === false);
    await scrub(5.6);
    await page.locator('branchcast-player .vote button[data-option="grab"]').click({ timeout: 10_000 });
    await scrub(14.5);
    await waitFor((d) => d.node === 'getaway');
    await scrub(8.5);
    const ending = page.locator('branchcast-player .solo-ending');
    await ending.waitFor({ timeout: 10_000 });
    expect(await ending.textContent()).toContain('Rich');
    expect((await debug()).vars).toMatchObject({ trust: 1, loot: 1_000_000 });
    expect((await debug()).path).toEqual(['intro:vault', 'vault:grab']);

    // Back to the first choice: the variables as they were then, the choice open again.
    await page.locator('branchcast-player .solo-bar button.revisit[data-node="intro"]').click();
    await waitFor((d) => d.roomNode === 'intro' && d.paused === false);
    let state = await debug();
    expect(state.vars).toMatchObject({ trust: 1, loot: 0, alarm: false });
    expect(state.path).toEqual([]);
    await page.locator('branchcast-player .vote button[data-option="walk"]').click({ timeout: 10_000 });
    await scrub(18.5);
    await waitFor((d) => d.node === 'walk' && (d.currentTime ?? 0) > 2.5);

    // Reload mid-segment: same node, same point, same variables and path, waiting for the viewer.
    const before = await debug();
    const reloadAsked = performance.now();
    await page.reload();
    // The run was saved when the page was hidden, some time after `before`: it may be ahead by that much, never behind.
    const reloadTook = (performance.now() - reloadAsked) / 1000;
    const resume = page.locator('branchcast-player button.solo-play');
    await resume.waitFor({ timeout: 20_000 });
    expect(await resume.textContent()).toContain('Continue');
    state = await debug();
    expect(state.roomNode).toBe('walk');
    expect(state.roomPosition ?? 0).toBeGreaterThanOrEqual((before.roomPosition ?? 0) - 0.05);
    expect(state.roomPosition ?? 0).toBeLessThanOrEqual((before.roomPosition ?? 0) + reloadTook + 0.05);
    expect(state.vars).toEqual(before.vars);
    expect(state.path).toEqual(['intro:walk']);
    await resume.click();
    await waitFor((d) => d.node === 'walk' && d.paused === false);

    // Carry on on another device: a link whose fragment holds a solo token, the save on the server.
    const beforeShare = await debug();
    await page.locator('branchcast-player .solo-bar button.share').click();
    const link = page.locator('branchcast-player .toast a.share-link');
    await link.waitFor({ timeout: 10_000 });
    const shared = await debug(); // the save was pushed between these two readings
    const url = (await link.getAttribute('href')) ?? '';
    expect(url).toMatch(new RegExp(`^${server.url}/play/demo#resume=`));
    const other = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
    try {
      const phone = await (await other.newContext()).newPage();
      await phone.goto(url);
      const there = phone.locator('branchcast-player');
      await phone.locator('branchcast-player button.solo-play').waitFor({ timeout: 20_000 });
      const remote = await there.evaluate((el) => (el as unknown as { debugState(): SoloDebug }).debugState());
      expect(remote.roomNode).toBe('walk');
      expect(remote.roomPosition ?? 0).toBeGreaterThanOrEqual((beforeShare.roomPosition ?? 0) - 0.05);
      expect(remote.roomPosition ?? 0).toBeLessThanOrEqual((shared.roomPosition ?? 0) + 0.05);
      expect(remote.vars).toEqual(shared.vars);
      expect(remote.path).toEqual(['intro:walk']);
      expect(phone.url()).not.toContain('resume='); // the token leaves the address bar
    } finally {
      await other.close();
    }
    await page.locator('branchcast-player .toast button.action').click();

    await scrub(8.8);
    await ending.waitFor({ timeout: 10_000 });
    expect(await ending.textContent()).toContain('Clean hands');

    // Before the reload the page switched three times (intro→vault, vault→getaway, intro→walk),
    // each prepared: no stall over 200 ms around any of them, and no media error on either page.
    state = await debug();
    expect(before.stats.switches.map((w) => w.to)).toEqual(['vault', 'getaway', 'walk']);
    expect(before.stats.switches.every((w) => w.prepared)).toBe(true);
    const atSwitches = before.stats.stalls.filter((s) => before.stats.switches.some((w) => Math.abs(w.wall - s.wall) < 1500));
    expect(atSwitches).toEqual([]);
    expect([...before.stats.mediaErrors, ...state.stats.mediaErrors]).toEqual([]);

    // The runs reached the story's analytics: the first play (vault, grab) and, after going back, the one that walked.
    const key = adminKeyFrom(server.output());
    const chosen = async (): Promise<string[]> => {
      const res = await fetch(`${server.url}/api/stories/demo/analytics`, { headers: { Authorization: `Bearer ${key}` } });
      const body = (await res.json()) as { plays: Array<{ analytics: { choices: Array<{ option: string }> } }> };
      return body.plays.map((p) => p.analytics.choices.map((c) => c.option).join('>')).sort();
    };
    await expect.poll(chosen, { timeout: 15_000, interval: 500 }).toEqual(['vault>grab', 'walk']);
  });
});
