/**
 * One <video> element's streaming engine. MediaController owns the two
 * elements and the swap; an engine only gets media into its element (dash.js
 * over MSE, or the browser's own HLS) and reports what went wrong, so a
 * branch switch, prefetch and drift correction are the same on every path.
 */

/** `dash`: dash.js over MSE/ManagedMediaSource. `hls`: the browser's native HLS. `hls-shim`: hls.js standing in for it in tests. */
export type MediaPath = 'dash' | 'hls' | 'hls-shim';

export interface MediaEngine {
  readonly path: MediaPath;
  /** Loads `url` (a manifest or master playlist) into `video`, positioned at `startAt` seconds, not playing. */
  attach(video: HTMLVideoElement, url: string, startAt: number): void;
  /** Stops all loading; the element is removed by the caller. */
  destroy(): void;
}

/** Receives one line per media error (engine or element), for stats and tests. */
export type MediaErrorSink = (message: string) => void;

/** The HLS master playlist packaging writes beside every node's DASH manifest (docs/packaging.md). */
export function hlsUrlFor(mpdUrl: string): string {
  const cut = mpdUrl.search(/[?#]/);
  const path = cut < 0 ? mpdUrl : mpdUrl.slice(0, cut);
  return path.replace(/[^/]*$/, 'master.m3u8');
}

/** Element errors, which every engine reports the same way. */
export function watchElementErrors(video: HTMLVideoElement, report: MediaErrorSink): void {
  video.addEventListener('error', () => report(`MEDIA_ERR ${video.error?.code ?? '?'}: ${video.error?.message ?? ''}`));
}
