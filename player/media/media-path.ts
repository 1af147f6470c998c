/**
 * Which engine a page uses (issue 17): dash.js wherever Media Source
 * Extensions exist (MediaSource, or Safari's ManagedMediaSource on iPhone),
 * the browser's own HLS where they do not (older iOS Safari, some TVs). A
 * `?media=dash|hls|hls.js` page parameter forces a path, for tests (`hls.js`:
 * the hls.js stand-in, where a test page loaded it). Pure over the
 * capabilities, so the rule is unit-tested without a browser.
 */
import type { MediaPath } from './media-engine.ts';

export interface MediaCapabilities {
  /** `window.MediaSource` or `window.ManagedMediaSource` exists. */
  mse: boolean;
  /** dash.js says it can use them (`supportsMediaSource()`). */
  dashSupported: boolean;
  /** `video.canPlayType('application/vnd.apple.mpegurl')` is not ''. */
  nativeHls: boolean;
  /** A test page put hls.js on `window.Hls` (never in production: the bundle does not include it). */
  hlsShim: boolean;
  /** From `?media=`: what a test asked for. */
  forced?: ForcedPath;
}

export type ForcedPath = 'dash' | 'hls' | 'hls.js';

export function chooseMediaPath(c: MediaCapabilities): MediaPath {
  if (c.forced === 'dash' && c.mse) return 'dash';
  // Only a forced page uses the stand-in, and only where a test loaded it.
  if (c.forced === 'hls.js' && c.hlsShim) return 'hls-shim';
  if (c.forced === 'hls' || c.forced === 'hls.js') {
    if (c.nativeHls) return 'hls';
    if (c.hlsShim) return 'hls-shim';
  }
  if (c.mse && c.dashSupported) return 'dash';
  if (c.nativeHls) return 'hls';
  // Neither: dash.js is tried anyway, so the failure is reported as a media error.
  return 'dash';
}

/** `?media=dash`, `?media=hls` or `?media=hls.js` in a page address; anything else is no override. */
export function forcedPathFrom(search: string): ForcedPath | undefined {
  const v = new URLSearchParams(search).get('media');
  return v === 'dash' || v === 'hls' || v === 'hls.js' ? v : undefined;
}
