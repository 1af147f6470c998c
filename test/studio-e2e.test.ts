/**
 * The studio (issue 16) end to end in real Chromium, by clicking and typing
 * only: sign in, create a story from nothing (three nodes, a vote choice, a
 * quiz, a coupon hotspot), upload and package two clips, see a planted error
 * on its node and field and fix it, preview to an ending in the solo player,
 * save a version, start a live room from it, and restore an older version
 * (the room keeps the one it started with).
 */
import { mkdir, copyFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegTools } from '../server/packaging/ffmpeg-tools.ts';
import { runFfmpegTool } from '../server/packaging/ffmpeg-run.ts';
import { adminKeyFrom } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';
import { CHROMIUM_FLAGS } from './support/demo-browser.ts';

const REPO = join(import.meta.dirname, '..');

let tmp: TempDir;
let server: ServerProcess;
let browser: Browser;
let page: Page;
const clips: string[] = [];

const studio = () => page.locator('branchcast-studio');
const inspector = () => studio().locator('.right');
/** The inspector field whose label says `label` (its first match). */
const field = (label: string) => inspector().getByLabel(label, { exact: true }).first();

beforeAll(async () => {
  tmp = await makeTempDir('branchcast-studio-');
  const tools = ffmpegTools();
  for (const [i, name] of ['opening', 'vault'].entries()) {
    const clip = join(tmp.path, `${name}.mp4`);
    await runFfmpegTool(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=25`, '-f', 'lavfi', '-i', `sine=frequency=${440 + i * 110}:sample_rate=48000`,
      '-t', '10', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-c:a', 'aac', '-shortest', clip]);
    clips.push(clip);
  }
  await mkdir(join(tmp.path, 'media'));
  server = await startServerProcess({ args: ['--media', join(tmp.path, 'media')], startTimeoutMs: 60_000 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await tmp?.remove();
});

describe('studio', () => {
  it('creates, checks, previews, saves and goes live with a story, by clicking and typing', { timeout: 240_000 }, async () => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}/studio`);
    await page.getByLabel('Author or operator key').fill(adminKeyFrom(server.output()));
    await page.getByRole('button', { name: 'Open the studio' }).click();

    // A story from nothing: one node to start with, two more added.
    await page.getByLabel('Id').fill('e2e-tale');
    await page.getByLabel('Title').fill('The E2E Tale');
    await page.getByRole('button', { name: 'Create' }).click();
    await studio().getByRole('button', { name: 'Add node' }).click();
    await field('Node id').fill('vault');
    await field('Node id').press('Enter');
    await studio().getByRole('button', { name: 'Add node' }).click();
    await field('Node id').fill('walk');
    await field('Node id').press('Enter');

    // The start asks a vote between them, has a quiz and a coupon hotspot.
    await studio().locator('.node-item[data-node="start"]').click();
    await field('When the clip ends').selectOption('choice');
    await inspector().getByRole('button', { name: 'Add option' }).click();
    await inspector().locator('.option-row').nth(1).getByLabel('Goes to').selectOption('walk');
    await inspector().locator('.option-row').nth(1).getByLabel('Label').fill('Walk away');
    await inspector().locator('.option-row').nth(1).getByLabel('Label').press('Enter');
    await inspector().getByRole('button', { name: 'Add quiz' }).click();
    await inspector().getByLabel('Question').fill('Who holds the key?');
    await inspector().getByLabel('Question').press('Enter');
    await inspector().getByRole('button', { name: 'Add hotspot' }).click();
    await expect.poll(() => studio().locator('.status').textContent()).toBe('valid');

    // Two clips: uploaded over tus, packaged by the server with keyframes on the cues.
    for (const [node, clip] of [['start', clips[0]!], ['vault', clips[1]!]] as const) {
      await studio().locator(`.node-item[data-node="${node}"]`).click();
      await inspector().getByLabel('Upload a clip for this node (packaged with keyframes on its cues)').setInputFiles(clip);
      await expect.poll(() => studio().locator('.message').textContent(), { timeout: 90_000 }).toContain(`is packaged for ${node}`);
    }
    expect((await fetch(`${server.url}/media/${await field('Manifest (under the media root)').inputValue()}`)).status).toBe(200);

    // A planted error: the choice closes after the clip ends. It shows on the field and the node, then is fixed.
    await studio().locator('.node-item[data-node="start"]').click();
    await field('Closes at (s)').fill('30');
    await field('Closes at (s)').press('Enter');
    await expect.poll(() => studio().locator('.status').textContent()).toMatch(/error/);
    await expect.poll(() => studio().locator('.node-item[data-node="start"] .badge.error').count()).toBe(1);
    expect(await inspector().locator('.field.invalid').count()).toBeGreaterThan(0);
    await studio().locator('.problems button.problem').first().click();
    await field('Closes at (s)').fill('9');
    await field('Closes at (s)').press('Enter');
    await expect.poll(() => studio().locator('.status').textContent()).toBe('valid');

    // Preview along the shortest path to the "vault" ending, scrubbing to save time.
    await studio().getByRole('button', { name: 'Preview' }).click();
    const dialog = studio().locator('.preview-dialog');
    await dialog.locator('button.play-path[data-ending="vault"]').click();
    const player = dialog.locator('branchcast-player');
    await player.locator('button.solo-play').click();
    await player.getByLabel('Position in this scene').fill('8');
    await expect.poll(() => player.locator('.vote button.option.winner').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await player.getByLabel('Position in this scene').getAttribute('aria-valuetext')) ?? '', { timeout: 20_000 }).toMatch(/^0 of/);
    await player.getByLabel('Position in this scene').fill('9.95');
    await expect.poll(() => player.locator('.solo-ending').textContent(), { timeout: 20_000 }).toContain('The end');
    await screenshot('studio-preview.png');
    await dialog.getByRole('button', { name: 'Close preview' }).click();

    // Save a version (the clips' upload saved the first), then a live room from it.
    await studio().locator('.node-item[data-node="vault"]').click();
    await field('Ending title').fill('Rich');
    await field('Ending title').press('Enter');
    await studio().getByRole('button', { name: /^Save/ }).click();
    await expect.poll(() => studio().locator('.message').textContent()).toContain('Saved');
    const saved = await fetch(`${server.url}/api/stories/e2e-tale`);
    expect(saved.status).toBe(200);
    const stored = (await saved.json()) as { nodes: Record<string, { ending?: { title: string } }> };
    expect(stored.nodes.walk).toBeDefined();
    expect(stored.nodes.vault?.ending?.title).toBe('Rich');
    expect(((await (await fetch(`${server.url}/api/stories/e2e-tale/versions`)).json()) as unknown[]).length).toBeGreaterThanOrEqual(2);
    await studio().locator('.node-item[data-node="start"]').click();
    // The inspector shows this node's own values after others were shown (selects included).
    expect(await field('When the clip ends').inputValue()).toBe('choice');
    expect(await field('Default option').inputValue()).toBe('vault');
    await screenshot('studio.png');
    await studio().getByRole('button', { name: 'Start live room' }).click();
    const viewerLink = studio().locator('a.viewer-link');
    await viewerLink.waitFor({ timeout: 10_000 });
    const room = new URL((await viewerLink.getAttribute('href')) ?? '').pathname.split('/')[2]!;
    const live = await fetch(`${server.url}/api/rooms/${room}/story`, { headers: { Authorization: `Bearer ${adminKeyFrom(server.output())}` } });
    expect(live.status).toBe(200);
    expect(((await live.json()) as { nodes: { vault: { ending: { title: string } } } }).nodes.vault.ending.title).toBe('Rich');

    // The history: what changed since the first save, and restoring it as a new version; the room keeps its own.
    await studio().getByRole('button', { name: 'Versions' }).click();
    const versions = studio().locator('.versions .version');
    await expect.poll(() => versions.count()).toBeGreaterThanOrEqual(2);
    const first = versions.last();
    await first.getByRole('button', { name: 'What changed since' }).click();
    await expect.poll(() => studio().locator('.diff-view').textContent()).toContain('vault: ending changed');
    await first.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => studio().locator('.message').textContent()).toContain('Restored');
    await studio().locator('.node-item[data-node="vault"]').click();
    expect(await field('Ending title').inputValue()).not.toBe('Rich');
    const kept = await fetch(`${server.url}/api/rooms/${room}/story`, { headers: { Authorization: `Bearer ${adminKeyFrom(server.output())}` } });
    expect(((await kept.json()) as { nodes: { vault: { ending: { title: string } } } }).nodes.vault.ending.title).toBe('Rich');
    // The packaged nodes' map cards show a frame of their clip (before the upload, their frame was a 404, hidden).
    for (const node of ['start', 'vault']) {
      const thumb = studio().locator(`branchcast-story-map g.card[data-node="${node}"] image.thumb`);
      await expect.poll(() => thumb.evaluate((i: SVGImageElement) => getComputedStyle(i).visibility), { timeout: 20_000 }).toBe('visible');
    }
    expect(problems).toEqual([]);
  });
});

/** Screenshots for the README: written when missing or asked for (BRANCHCAST_UPDATE_DOCS_IMG=1). */
async function screenshot(name: string): Promise<void> {
  const target = join(REPO, 'docs', 'img', name);
  if (process.env.BRANCHCAST_UPDATE_DOCS_IMG !== '1' && (await stat(target).catch(() => null))) return;
  const shot = join(tmp.path, name);
  await page.screenshot({ path: shot });
  await mkdir(join(REPO, 'docs', 'img'), { recursive: true });
  await copyFile(shot, target);
}
