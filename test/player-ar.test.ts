/**
 * The AR try-on overlay (issue 5) in real Chromium with its fake camera:
 * tapping an `ar` hotspot opens the camera through getUserMedia with the
 * hotspot's overlay image on top, and the tap is counted by the room.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom, api, createRoom, postStory } from './support/rooms-api.ts';
import { startDemoBrowser, type DemoBrowser } from './support/demo-browser.ts';
import type { ServerProcess } from './support/server-process.ts';


/** One long scene on the demo's intro clip, with the demo's AR overlay on screen throughout. */
const story = {
  format: 'branchcast/story@1', id: 'tryon', title: 'Try-on', start: 'a',
  nodes: {
    a: {
      media: { src: 'demo/intro/manifest.mpd', duration: 20 },
      hotspots: [{ id: 'shades', kind: 'ar', label: 'Try the shades', from: 0, to: 19, region: { x: 0.3, y: 0.2, w: 0.2, h: 0.15 }, overlay: 'demo/ar/shades.png', anchor: 'face' }],
      next: 'b',
    },
    b: { media: { src: 'demo/walk/manifest.mpd', duration: 10 }, ending: { title: 'Done' } },
  },
};

let demo: DemoBrowser;
let server: ServerProcess;
let context: BrowserContext;

beforeAll(async () => {
  // Chromium's fake camera (a test pattern) and an automatic "allow" for the permission prompt.
  demo = await startDemoBrowser('ar', ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
  server = demo.server;
  context = demo.context;
}, 120_000);

afterAll(async () => {
  await demo?.stop();
});

describe('AR try-on overlay', () => {
  it('opens the fake camera with the overlay image, and the tap is counted', async () => {
    const key = adminKeyFrom(server.output());
    await postStory(server.url, key, story);
    const room = await createRoom(server.url, key, 'tryon');
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(room.joinUrl);

    const hotspot = page.locator('branchcast-player button.hotspot[data-hotspot="shades"]');
    await hotspot.waitFor({ timeout: 20_000 });
    await hotspot.click();

    const camera = page.locator('branchcast-player .ar video');
    await camera.waitFor({ timeout: 10_000 });
    // The fake device delivers real frames: the element has a live stream with a picture size.
    await expect.poll(async () => camera.evaluate((v: HTMLVideoElement) => v.videoWidth * v.videoHeight), { timeout: 10_000 }).toBeGreaterThan(0);
    const live = await camera.evaluate((v: HTMLVideoElement) => (v.srcObject as MediaStream | null)?.getVideoTracks()[0]?.readyState);
    expect(live).toBe('live');
    const overlay = page.locator('branchcast-player .ar img.overlay');
    await expect.poll(async () => overlay.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await overlay.getAttribute('src')).toContain('/media/demo/ar/shades.png');

    // Closing the overlay stops the camera.
    const track = await camera.evaluateHandle((v: HTMLVideoElement) => (v.srcObject as MediaStream).getVideoTracks()[0]);
    await page.locator('branchcast-player .ar button.close').click();
    await expect.poll(async () => track.evaluate((t) => (t as MediaStreamTrack).readyState), { timeout: 5000 }).toBe('ended');

    const analytics = (await api(server.url, 'GET', `/api/rooms/${room.id}/analytics`, { key })).body as { hotspots: Array<{ hotspot?: string; id?: string; clicks: number }> };
    const shades = analytics.hotspots.find((h) => (h.hotspot ?? h.id) === 'shades');
    expect(shades?.clicks).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
