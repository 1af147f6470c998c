/**
 * The built `branchcast/client` module (dist/client/index.js) in real
 * Chromium, imported as a plain ES module by a page on the server's origin
 * (no bundler): it joins a room with the browser's own WebSocket, syncs its clock
 * and votes, and the room counts the vote.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BranchcastApi } from '../client/index.ts';
import type * as Sdk from '../client/index.ts';
import { CHROMIUM_FLAGS } from './support/demo-browser.ts';
import { REPO } from './support/linked-package.ts';
import { adminKeyFrom } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';

const story = {
  format: 'branchcast/story@1',
  id: 'browser-sdk',
  title: 'Browser SDK',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'b/a.mpd', duration: 600 },
      choice: { opens: 0, closes: 590, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] },
    },
    b: { media: { src: 'b/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('branchcast/client in Chromium', () => {
  it('loads as an ES module, joins with the browser WebSocket, syncs the clock and votes', { timeout: 60_000 }, async () => {
    const operator = new BranchcastApi({ server: server.url, credential: adminKeyFrom(server.output()) });
    await operator.createStory(story);
    const room = await operator.createRoom('browser-sdk');
    await operator.as(room.hostToken).postCommand(room.id, { type: 'play' });

    const page = await browser.newPage();
    // A page on the server's own origin (a real response: Chromium's local-network checks refuse loopback
    // sockets to a page the test made up), into which the module is loaded from its bytes in dist/, by URL,
    // as a site would load it. The string form keeps vitest from rewriting `import()`.
    await page.goto(`${server.url}/healthz`);
    await page.evaluate((code) => { (window as unknown as { sdkSource: string }).sdkSource = code; }, readFileSync(join(REPO, 'dist/client/index.js'), 'utf8'));
    await page.evaluate("import(URL.createObjectURL(new Blob([window.sdkSource], { type: 'text/javascript' }))).then((sdk) => { window.sdk = sdk; })");
    const result = await page.evaluate(async (roomId) => {
      const sdk = (window as unknown as { sdk: typeof Sdk }).sdk;
      const { token } = await new sdk.BranchcastApi({ server: location.origin }).mintViewerToken(roomId);
      const connection = await sdk.connectRoom({ server: location.origin, token });
      const ack = await connection.command({ type: 'vote', option: 'y' });
      const refused = await connection.command({ type: 'play' }).then(() => 'accepted', (error: { name: string; code: string }) => `${error.name} ${error.code}`);
      while (connection.clock.samples < 8) await new Promise((resolve) => setTimeout(resolve, 50));
      const clockError = Math.abs(connection.serverNow() - Date.now());
      connection.close();
      return { role: connection.joinInfo?.role, phase: connection.snapshot?.phase, ackVersion: ack.version, refused, clockError };
    }, room.id);

    expect(result).toMatchObject({ role: 'viewer', phase: 'open', ackVersion: expect.any(Number), refused: 'CommandError not-allowed' });
    expect(result.clockError).toBeLessThan(10);
    expect((await operator.getRoom(room.id)).choice?.counts).toEqual({ x: 0, y: 1 });
  });
});
