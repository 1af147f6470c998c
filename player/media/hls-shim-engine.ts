/**
 * Test stand-in for Safari's native HLS: Chromium cannot play HLS in a
 * <video> by itself, so a test page injects hls.js (devDependency, never in
 * the player bundle) as `window.Hls` and forces `?media=hls`. hls.js then
 * plays the same master.m3u8, playlists and CMAF segments over MSE.
 * Only the few calls used here are typed, so the bundle needs no hls.js types.
 */
import type { MediaEngine, MediaErrorSink } from './media-engine.ts';

interface HlsInstance {
  on(event: string, fn: (event: string, data: { fatal?: boolean; type?: string; details?: string }) => void): void;
  loadSource(url: string): void;
  attachMedia(video: HTMLVideoElement): void;
  destroy(): void;
}

export interface HlsConstructor {
  new (config: Record<string, unknown>): HlsInstance;
  isSupported(): boolean;
  Events: { ERROR: string };
}

/** hls.js, when a test page put it there. */
export function hlsShim(): HlsConstructor | undefined {
  const g = (globalThis as { Hls?: HlsConstructor }).Hls;
  return g && typeof g.isSupported === 'function' && g.isSupported() ? g : undefined;
}

export class HlsShimEngine implements MediaEngine {
  readonly path = 'hls-shim' as const;
  #hls: HlsInstance | null = null;

  constructor(private readonly Hls: HlsConstructor, private readonly report: MediaErrorSink) {}

  attach(video: HTMLVideoElement, url: string, startAt: number): void {
    // No worker: the page's CSP (default-src 'self') forbids blob: workers.
    // No own catch-up or rate control: the sync controller owns the playhead, as with dash.js.
    const hls = new this.Hls({ enableWorker: false, startPosition: startAt, autoStartLoad: true, maxBufferLength: 20 });
    hls.on(this.Hls.Events.ERROR, (_e, data) => {
      // Non-fatal errors are retried by hls.js itself (a dropped request, a buffer nudge).
      if (data.fatal) this.report(`hls.js: ${data.type ?? '?'} ${data.details ?? ''}`);
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    this.#hls = hls;
  }

  destroy(): void {
    try { this.#hls?.destroy(); } catch { /* already torn down */ }
    this.#hls = null;
  }
}
