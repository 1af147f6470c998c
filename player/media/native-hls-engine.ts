/**
 * The browser's own HLS player (Safari without MSE, TVs): the element loads
 * the node's `master.m3u8` itself. There is no start-position option, so the
 * start is a seek once the duration is known (loadedmetadata); the element is
 * paused then, so the seek shows nothing.
 */
import type { MediaEngine } from './media-engine.ts';

export class NativeHlsEngine implements MediaEngine {
  readonly path = 'hls' as const;
  #video: HTMLVideoElement | null = null;

  attach(video: HTMLVideoElement, url: string, startAt: number): void {
    this.#video = video;
    if (startAt > 0) video.addEventListener('loadedmetadata', () => { video.currentTime = startAt; }, { once: true });
    video.src = url;
    video.load();
  }

  destroy(): void {
    const video = this.#video;
    if (!video) return;
    // Dropping src and reloading is how an element is told to stop fetching.
    video.removeAttribute('src');
    video.load();
    this.#video = null;
  }
}
