/**
 * Two stacked <video> elements, each with its own engine (dash.js, or the
 * browser's HLS; media-path.ts picks one per page): the visible "active" one
 * plays the current node; the hidden "standby" one is loaded with the
 * announced next node (its manifest and first segments are fetched and the
 * first frame decoded while hidden). At the switch instant the two trade
 * places in the same frame, so there is no black frame.
 */
import { supportsMediaSource } from 'dashjs';
import { DashEngine } from './dash-engine.ts';
import { HlsShimEngine, hlsShim } from './hls-shim-engine.ts';
import { hlsUrlFor, watchElementErrors, type MediaEngine, type MediaPath } from './media-engine.ts';
import { chooseMediaPath, forcedPathFrom } from './media-path.ts';
import { NativeHlsEngine } from './native-hls-engine.ts';

export interface MediaSlot {
  node: string;
  src: string;
  video: HTMLVideoElement;
  engine: MediaEngine;
}

export interface MediaStats {
  mediaErrors: string[];
  switches: number;
}

export class MediaController {
  #active: MediaSlot | null = null;
  #standby: MediaSlot | null = null;
  readonly stats: MediaStats = { mediaErrors: [], switches: 0 };
  onChange: () => void = () => undefined;

  readonly path: MediaPath;

  /** `mediaBase` is where story media is served, e.g. `/media/`; `path` defaults to what this browser supports (or `?media=`). */
  constructor(private readonly container: HTMLElement, private readonly mediaBase: string, path?: MediaPath) {
    this.path = path ?? detectPath();
  }

  /** The URL this page's engine loads for a story's `media.src` (a `.mpd`): the manifest itself, or the `master.m3u8` beside it. */
  manifestUrl(src: string): string {
    const url = this.mediaBase + src;
    return this.path === 'dash' ? url : hlsUrlFor(url);
  }

  get active(): MediaSlot | null { return this.#active; }
  get standbyNode(): string | undefined { return this.#standby?.node; }
  get video(): HTMLVideoElement | null { return this.#active?.video ?? null; }

  /** Plays `node` now without preparation (join, resume, seek across nodes): a hard cut. */
  load(node: string, src: string, startAt = 0): MediaSlot {
    if (this.#standby?.node === node) return this.swap();
    const slot = this.#create(node, src, startAt);
    this.#retire(this.#active);
    this.#active = slot;
    this.#show(slot);
    this.onChange();
    return slot;
  }

  /** Loads `node` into the hidden standby element, ready to swap in. */
  prepare(node: string, src: string): void {
    if (this.#standby?.node === node || this.#active?.node === node) return;
    this.#retire(this.#standby);
    this.#standby = this.#create(node, src, 0);
  }

  /**
   * Starts the hidden standby shortly before the switch instant, muted, so
   * its decoder is already running when it is shown: play() takes ~100 ms to
   * produce moving frames, which would otherwise be drift right at the switch.
   */
  preroll(): boolean {
    const next = this.#standby;
    if (!next || !next.video.paused || next.video.readyState < 2) return false;
    next.video.muted = true;
    void next.video.play().catch(() => undefined);
    return true;
  }

  /** The switch instant: show the standby and retire the old active. */
  swap(): MediaSlot {
    const next = this.#standby;
    if (!next) throw new Error('no standby to swap in');
    this.#standby = null;
    const old = this.#active;
    this.#active = next;
    next.video.muted = old?.video.muted ?? false;
    // Start (if preroll did not), then show it and hide the old one in the
    // same task: the compositor never sees a frame with neither visible.
    if (next.video.paused) void next.video.play().catch(() => undefined);
    this.#show(next);
    if (old) old.video.pause();
    this.#retire(old);
    this.stats.switches++;
    this.onChange();
    return next;
  }

  destroy(): void {
    this.#retire(this.#standby);
    this.#retire(this.#active);
    this.#standby = this.#active = null;
  }

  #create(node: string, src: string, startAt: number): MediaSlot {
    const video = document.createElement('video');
    video.playsInline = true;
    // Drift is corrected with small playbackRate changes (sync/drift-corrector.ts).
    // With pitch preserved, Chromium time-stretches (WSOLA) at any rate but 1, and
    // every change from 1 sets the media clock back ~16 ms (measured, docs/player.md):
    // each correction caused the next. Resampling instead shifts pitch by about
    // 17 cents per 1% of rate, for the half second a nudge lasts, and lands exactly.
    video.preservesPitch = false;
    video.preload = 'auto';
    video.className = 'media standby';
    video.setAttribute('aria-hidden', 'true');
    this.container.append(video);
    const report = (message: string): void => { this.stats.mediaErrors.push(message); };
    watchElementErrors(video, report);
    const engine = this.#engine(report);
    engine.attach(video, this.manifestUrl(src), startAt);
    return { node, src, video, engine };
  }

  #engine(report: (message: string) => void): MediaEngine {
    const shim = this.path === 'hls-shim' ? hlsShim() : undefined;
    if (shim) return new HlsShimEngine(shim, report);
    return this.path === 'hls' ? new NativeHlsEngine() : new DashEngine(report);
  }

  #show(slot: MediaSlot): void {
    slot.video.className = 'media active';
    slot.video.removeAttribute('aria-hidden');
    for (const v of this.container.querySelectorAll('video.media')) if (v !== slot.video) v.className = 'media standby';
  }

  #retire(slot: MediaSlot | null): void {
    if (!slot) return;
    // Retire after the swap has painted, so the old frame is never removed before the new one shows.
    setTimeout(() => {
      slot.engine.destroy();
      slot.video.remove();
    }, 500);
  }
}

/** This page's path: by the browser's capabilities, or `?media=dash|hls` (tests). */
function detectPath(): MediaPath {
  const w = globalThis as { MediaSource?: unknown; ManagedMediaSource?: unknown };
  const mse = typeof w.MediaSource === 'function' || typeof w.ManagedMediaSource === 'function';
  const probe = document.createElement('video');
  return chooseMediaPath({
    mse,
    dashSupported: mse && supportsMediaSource(),
    nativeHls: probe.canPlayType('application/vnd.apple.mpegurl') !== '',
    hlsShim: hlsShim() !== undefined,
    forced: forcedPathFrom(location.search),
  });
}
