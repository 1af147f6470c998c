/**
 * Small screens and touch (issue 17 point 6): a viewer on a 390 × 844 phone
 * (DPR 3, touch) in a live room, during an open vote with the story's quiz
 * results, a pushed quiz and a comment flying. The video, the choices and the
 * comment form fit without overlap, every tap target is at least 44 × 44 CSS
 * px (WCAG 2.5.5), nothing scrolls sideways; then the swipes docs/player.md
 * documents, sent as real touch input through CDP, do what it says.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS } from './support/demo-browser.ts';
import { contains, overlappingPairs, smallTargets, type NamedBox } from './support/layout-boxes.ts';
import { focusedOption, measureViewer, PHONE, swipe, type ViewerLayout } from './support/mobile-viewer.ts';
import { adminKeyFrom, createRoom } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const REPO = join(import.meta.dirname, '..');
const ARTIFACTS = join(tmpdir(), 'branchcast-test-artifacts');

let media: TempDir;
let server: ServerProcess;
let browser: Browser;
let hostContext: BrowserContext;
let phoneContext: BrowserContext;
let host: Page;
let phone: Page;

type Sendable = { send(cmd: unknown): Promise<boolean> };
/** A host command through the console element, as its buttons send them. */
const hostSend = (cmd: Record<string, unknown>): Promise<boolean> =>
  host.locator('branchcast-console').evaluate((el, c) => (el as unknown as Sendable).send(c), cmd);

/** A finger tap on the middle of a control. */
async function tap(selector: string): Promise<void> {
  const box = await phone.locator(`branchcast-player ${selector}`).boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  await phone.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
}

beforeAll(async () => {
  media = await makeTempDir('branchcast-mobile-media-');
  await promisify(execFile)(process.execPath, [join(REPO, 'bin', 'branchcast.js'), 'media', 'demo', '--media', media.path], { cwd: REPO });
  server = await startServerProcess({ args: ['--media', media.path], startTimeoutMs: 60_000 });
  const room = await createRoom(server.url, adminKeyFrom(server.output()), 'demo');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
  hostContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  phoneContext = await browser.newContext({ ...PHONE });
  host = await hostContext.newPage();
  await host.goto(`${(room as typeof room & { hostUrl: string }).hostUrl}#token=${encodeURIComponent(room.hostToken)}`);
  await host.locator('branchcast-console .stage').waitFor();
  phone = await phoneContext.newPage();
  await phone.goto(room.joinUrl);
  await phone.locator('branchcast-player .badge.conn.open').waitFor({ timeout: 20_000 });
}, 120_000);

afterAll(async () => {
  await phoneContext?.close();
  await hostContext?.close();
  await browser?.close();
  await server?.stop();
  await media?.remove();
});

describe('player on a phone (390 × 844, touch, real Chromium)', () => {
  let layout: ViewerLayout;

  it('fits the video, the vote, the quizzes and the comment form on screen, apart, with 44 px targets', { timeout: 90_000 }, async () => {
    // 3.5 s: the story's quiz; the right answer (Ben) opens "Walk away" in the vote, so it has two options.
    expect(await hostSend({ type: 'play' })).toBe(true);
    expect(await hostSend({ type: 'seek', position: 3.5 })).toBe(true);
    await phone.locator('branchcast-player .quiz[data-quiz="liar"] button.option').first().waitFor({ timeout: 15_000 });
    await tap('.quiz[data-quiz="liar"] button.option[data-index="1"]');
    await phone.locator('branchcast-player .quiz[data-quiz="liar"] .result', { hasText: 'Answer sent' }).waitFor({ timeout: 5000 });
    // 12.3 s: the vote is open (the story quiz's results stay until closed); a pushed quiz joins it, and a comment flies.
    expect(await hostSend({ type: 'seek', position: 12.3 })).toBe(true);
    await phone.locator('branchcast-player .vote button.option[data-option="walk"]').waitFor({ timeout: 15_000 });
    expect(await hostSend({ type: 'pause' })).toBe(true);
    expect(await hostSend({ type: 'push-quiz', quiz: { id: 'key', prompt: 'Who holds the key?', options: ['Ana', 'Ben'], answer: 1 } })).toBe(true);
    await phone.locator('branchcast-player .quiz[data-quiz="key"]').waitFor({ timeout: 10_000 });
    await phone.locator('branchcast-player form.comment input').fill('hello from a phone');
    await tap('form.comment button[type="submit"]');
    await phone.locator('branchcast-player .danmaku .comment', { hasText: 'hello from a phone' }).waitFor({ timeout: 10_000 });
    // Paused, the comment would wait at the right edge, off screen: let it fly 2 s (the vote stays open until 18 s).
    expect(await hostSend({ type: 'play' })).toBe(true);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await hostSend({ type: 'pause' })).toBe(true);

    layout = await measureViewer(phone);
    const quizzes = await phone.locator('branchcast-player .panel.quiz').evaluateAll((els) => els.map((el) => {
      const r = el.getBoundingClientRect();
      return { name: `quiz ${el.getAttribute('data-quiz')}`, box: { x: r.x, y: r.y, width: r.width, height: r.height } };
    }));
    const parts: NamedBox[] = [
      { name: 'video', box: layout.video! }, { name: 'vote', box: layout.vote! }, ...quizzes, { name: 'comment form', box: layout.form! },
    ];
    const figures = {
      scrollWidth: layout.scrollWidth,
      parts: Object.fromEntries(parts.map((p) => [p.name, roundBox(p.box)])),
      targets: Object.fromEntries(layout.targets.map((t) => [t.name, `${Math.round(t.box.width)}×${Math.round(t.box.height)}`])),
      overlaps: overlappingPairs(parts),
    };
    console.log('mobile layout', JSON.stringify(figures));
    await mkdir(ARTIFACTS, { recursive: true });
    await phone.screenshot({ path: join(ARTIFACTS, 'viewer-mobile.png') });

    expect(layout.scrollWidth, 'no horizontal scroll').toBeLessThanOrEqual(PHONE.viewport.width);
    expect(layout.stage!.x).toBeGreaterThanOrEqual(0);
    expect(layout.stage!.x + layout.stage!.width).toBeLessThanOrEqual(PHONE.viewport.width);
    // Danmaku and hotspots still cover exactly the picture (hotspot regions are fractions of it).
    expect(layout.onPicture.length).toBe(2);
    for (const o of layout.onPicture) expect(contains(o.box, layout.video!) && contains(layout.video!, o.box), `${o.name} ${roundBox(o.box)} is the video's box`).toBe(true);
    for (const p of parts) expect(contains(layout.viewport, p.box), `${p.name} fully on screen: ${JSON.stringify(roundBox(p.box))}`).toBe(true);
    expect(figures.overlaps, 'video, vote, quizzes and comment form apart').toEqual([]);
    expect(layout.targets.length).toBeGreaterThanOrEqual(8); // 2 vote + 2 + 2 quiz options, × close, input, Send
    for (const t of layout.targets) expect(contains(layout.viewport, t.box), `${t.name} on screen`).toBe(true);
    expect(smallTargets(layout.targets).map((t) => `${t.name}: ${Math.round(t.box.width)}×${Math.round(t.box.height)}`)).toEqual([]);

    // The screenshot next to the desktop one in the README: only when missing or asked for.
    const target = join(REPO, 'docs', 'img', 'player-mobile.png');
    if (process.env.BRANCHCAST_UPDATE_DOCS_IMG === '1' || !(await stat(target).catch(() => null))) await copyFile(join(ARTIFACTS, 'viewer-mobile.png'), target);
  });

  it('swipes as documented: left/right move between options, down is Back', { timeout: 30_000 }, async () => {
    const cdp = await phoneContext.newCDPSession(phone);
    const v = layout.video!;
    const mid = { x: v.x + v.width / 2, y: v.y + v.height / 2 };
    const left = { x: mid.x - 120, y: mid.y };
    const right = { x: mid.x + 120, y: mid.y };
    const down = { x: mid.x, y: mid.y + 100 };
    const focus = (want: string | null): Promise<void> => expect.poll(() => focusedOption(phone), { timeout: 2000 }).toBe(want);

    await swipe(cdp, mid, down); // Back: whatever held focus lets go
    await focus(null);
    await swipe(cdp, mid, left); // nothing focused: the first option of the first row
    await focus('vote:vault');
    await swipe(cdp, left, mid); // a swipe to the right: the next option
    await focus('vote:walk');
    await swipe(cdp, mid, right); // past the last: round to the first
    await focus('vote:vault');
    await swipe(cdp, mid, left); // to the left: the previous (round to the last)
    await focus('vote:walk');
    // A swipe is a gesture, not a scroll: the page did not move sideways.
    expect(await phone.evaluate(() => window.scrollX)).toBe(0);
    await swipe(cdp, mid, down);
    await focus(null);

    // A tap still votes.
    await tap('.vote button.option[data-option="walk"]');
    await expect.poll(() => phone.locator('branchcast-player .vote button.option[data-option="walk"]').getAttribute('aria-pressed'), { timeout: 5000 }).toBe('true');
    await cdp.detach();
  });
});

function roundBox(b: { x: number; y: number; width: number; height: number }): string {
  return `${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)}`;
}
