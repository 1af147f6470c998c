/**
 * Acceptance: the generated demo media plays through dash.js in Debian's
 * Chromium. The server is `branchcast demo` as `npm start` runs it (generate
 * media, validate, serve), as a child process stopped by PID. It runs twice:
 * with the system's ffmpeg, and as on a bare machine, with a PATH that holds
 * nothing but node, so the npm-shipped ffmpeg 4.1 packages the demo.
 *
 * The test page is fulfilled by Playwright at a path on the server's own
 * origin (the server serves media, not pages), so manifest and segment
 * requests are plain same-origin requests to the real server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../engine/story.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';
import { CHROMIUM_FLAGS } from './support/demo-browser.ts';

const REPO = join(import.meta.dirname, '..');
const STORY = join(REPO, 'stories', 'demo.json');
const DASHJS = join(REPO, 'node_modules', 'dashjs', 'dist', 'modern', 'umd', 'dash.all.min.js');
const CHROMIUM = '/usr/bin/chromium';
// Debian's Chromium: without the autoplay flag unmuted play() is rejected; without the
// networking flags Chromium floods the closed network.

interface Demo { child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> }

/** The slice of the dash.js UMD global (`window.dashjs`) the page script uses. */
interface DashGlobal {
  MediaPlayer: (() => { create(): DashPlayer }) & { events: Record<string, string> };
}
interface DashPlayer {
  initialize(video: HTMLVideoElement, url: string, autoplay: boolean): void;
  on(event: string, listener: (event: unknown) => void): void;
}

/** What the page reports back: playback position, errors from the element and from dash.js. */
interface PlaybackState {
  currentTime: number;
  paused: boolean;
  readyState: number;
  videoError: { code: number; message: string } | null;
  dashErrors: string[];
  videoWidth: number;
}

/** Runs `branchcast demo` on a free port and resolves once it printed its URLs. */
async function startDemo(mediaDir: string, env: NodeJS.ProcessEnv): Promise<Demo> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'branchcast.js'), 'demo', '--port', '0', '--host', '127.0.0.1', '--media', mediaDir], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If the worker dies without afterAll, do not leave a server behind.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      process.off('exit', killOnExit);
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`branchcast demo did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /branchcast listening on (http:\/\/\S+)[\s\S]*stop with Ctrl-C/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`branchcast demo exited (${code}) before serving:\n${output}`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { child, url, output: () => output, exited };
}

/**
 * @param path the PATH `branchcast demo` gets (undefined: the bare one)
 * @param ffmpeg what the demo's first line says about the ffmpeg it used
 */
function demoPlaybackSuite(name: string, path: string | undefined, ffmpeg: RegExp): void {
  describe(name, () => {
    let media: TempDir;
    let profile: TempDir;
    let bare: TempDir | undefined;
    let demo: Demo;
    let context: BrowserContext;
    let page: Page;
    let story: Story;
    const mediaResponses: Array<{ url: string; status: number }> = [];

    beforeAll(async () => {
      media = await makeTempDir('branchcast-playback-media-');
      profile = await makeTempDir('branchcast-playback-profile-');
      story = JSON.parse(await readFile(STORY, 'utf8')) as Story;
      if (path === undefined) {
        bare = await makeTempDir('branchcast-playback-bare-');
        await symlink(process.execPath, join(bare.path, 'node'));
      }
      demo = await startDemo(media.path, { ...process.env, PATH: path ?? bare!.path });

      // launchPersistentContext passes our fresh --user-data-dir; headless adds --headless.
      context = await chromium.launchPersistentContext(profile.path, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('response', (response) => {
        if (response.url().includes('/media/')) mediaResponses.push({ url: response.url(), status: response.status() });
      });
      await page.route(`${demo.url}/playback-test.html`, (route) =>
        route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>playback</title><video id="v" width="640" height="360"></video>' }),
      );
      await page.goto(`${demo.url}/playback-test.html`);
      await page.addScriptTag({ path: DASHJS });
    });

    afterAll(async () => {
      await context?.close();
      if (demo) {
        demo.child.kill('SIGTERM');
        await demo.exited;
      }
      await profile?.remove();
      await media?.remove();
      await bare?.remove();
    });

      it('`branchcast demo` generated the media, validated the story and printed the manifest URLs', () => {
        const output = demo.output();
        expect(output.split('\n')[0]).toMatch(ffmpeg);
        expect(output).toMatch(/6 generated, 0 up to date/);
        expect(output).toContain('validated stories/demo.json: ok');
        expect(output).toContain(`${demo.url}/play/demo`); // the solo link, next to the room instructions
        for (const node of Object.values(story.nodes)) expect(output).toContain(`${demo.url}/media/${node.media.src}`);
      });

      it('plays the intro manifest: currentTime passes 2 s with no MEDIA_ERR and no dash.js error', async () => {
        const manifestUrl = `${demo.url}/media/${story.nodes[story.start]!.media.src}`;
        expect(demo.output()).toContain(manifestUrl);
        await page.evaluate((url) => {
          const dash = (window as unknown as { dashjs: DashGlobal }).dashjs;
          const errors: string[] = [];
          (window as unknown as { dashErrors: string[] }).dashErrors = errors;
          const player = dash.MediaPlayer().create();
          player.on(dash.MediaPlayer.events.ERROR!, (e) => errors.push(JSON.stringify(e)));
          player.on(dash.MediaPlayer.events.PLAYBACK_ERROR!, (e) => errors.push(JSON.stringify(e)));
          player.initialize(document.getElementById('v') as HTMLVideoElement, url, true);
        }, manifestUrl);

        const read = (): Promise<PlaybackState> =>
          page.evaluate(() => {
            const v = document.getElementById('v') as HTMLVideoElement;
            return {
              currentTime: v.currentTime,
              paused: v.paused,
              readyState: v.readyState,
              videoError: v.error && { code: v.error.code, message: v.error.message },
              dashErrors: (window as unknown as { dashErrors: string[] }).dashErrors,
              videoWidth: v.videoWidth,
            };
          });

        const deadline = Date.now() + 20_000;
        let state = await read();
        while (state.currentTime < 2.2 && !state.videoError && state.dashErrors.length === 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          state = await read();
        }
        expect(state.videoError).toBeNull();
        expect(state.dashErrors).toEqual([]);
        expect(state.currentTime).toBeGreaterThan(2.2);
        expect(state.paused).toBe(false);
        expect(state.videoWidth).toBe(640);

        // Every byte came from the real server: manifest, init and media segments, all OK.
        expect(mediaResponses.some((r) => r.url.endsWith('/manifest.mpd'))).toBe(true);
        expect(mediaResponses.filter((r) => /chunk-stream\d-\d+\.m4s$/.test(r.url)).length).toBeGreaterThanOrEqual(2);
        expect(mediaResponses.filter((r) => r.status >= 400)).toEqual([]);
      });

      it('`branchcast demo` shuts down cleanly on SIGTERM', async () => {
        demo.child.kill('SIGTERM');
        expect(await demo.exited).toBe(0);
        expect(demo.output()).toContain('SIGTERM received, shutting down');
      });
  });
}

demoPlaybackSuite('demo playback in Chromium, system ffmpeg', process.env.PATH ?? '', /^preparing demo media in \S+ with \/usr\/bin\/ffmpeg$/);
demoPlaybackSuite('demo playback in Chromium on a bare machine: only node on PATH, the npm-shipped ffmpeg', undefined, /with \S+@ffmpeg-installer\S+ \(the static build from npm/);
