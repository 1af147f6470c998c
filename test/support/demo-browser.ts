/**
 * What the player's browser tests start from: the demo media generated into a
 * temp folder, a `branchcast serve` on it, and headless Chromium with a fresh
 * profile. `stop()` closes and removes all of it (by PID for the server).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { makeTempDir } from './temp-dir.ts';

const REPO = join(import.meta.dirname, '..', '..');

/** Headless flags that work on this machine (no sandbox as root, no background traffic, autoplay allowed). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
];

export interface DemoBrowser {
  server: ServerProcess;
  context: BrowserContext;
  mediaDir: string;
  stop(): Promise<void>;
}

/** `locale` sets the browser's language (navigator.languages, Accept-Language), e.g. `fr-FR`. */
export async function startDemoBrowser(name: string, extraFlags: readonly string[] = [], options: { locale?: string } = {}): Promise<DemoBrowser> {
  const media = await makeTempDir(`branchcast-${name}-media-`);
  const profile = await makeTempDir(`branchcast-${name}-profile-`);
  let server: ServerProcess | undefined;
  let context: BrowserContext | undefined;
  const stop = async (): Promise<void> => {
    await context?.close();
    await server?.stop();
    await profile.remove();
    await media.remove();
  };
  try {
    await promisify(execFile)(process.execPath, [join(REPO, 'bin', 'branchcast.js'), 'media', 'demo', '--media', media.path], { cwd: REPO });
    server = await startServerProcess({ args: ['--media', media.path], startTimeoutMs: 60_000 });
    context = await chromium.launchPersistentContext(profile.path, { executablePath: '/usr/bin/chromium', headless: true, args: [...CHROMIUM_FLAGS, ...extraFlags], viewport: { width: 1280, height: 720 }, ...(options.locale ? { locale: options.locale } : {}) });
  } catch (error) {
    await stop();
    throw error;
  }
  return { server, context, mediaDir: media.path, stop };
}
