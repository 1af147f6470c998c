/**
 * Two stacked <video> elements, each with its own dash.js player: the
 * visible "active" one plays the current node; the hidden "standby" one is
 * loaded with the announced next node (dash.js fetches its manifest and first
 * segments and decodes the first frame while hidden). At the switch instant
 * the two trade places in the same frame, so there is no black frame.
 */
import { MediaPlayer, type MediaPlayerClass } from 'dashjs';

export interface MediaSlot {
  node: string;
  src: string;
  video: HTMLVideoElement;
  player: MediaPlayerClass;
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

  /** `mediaBase` is where story media is served, e.g. `/media/`. */
  constructor(private readonly container: HTMLElement, private readonly mediaBase: string) {}

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
    video.preload = 'auto';
    video.className = 'media standby';
    video.setAttribute('aria-hidden', 'true');
    this.container.append(video);
    const player = MediaPlayer().create();
    // The sync controller owns the playhead: dash.js must not jump gaps or catch up on its own.
    player.updateSettings({ streaming: { buffer: { fastSwitchEnabled: false }, gaps: { jumpGaps: true, jumpLargeGaps: true } } });
    player.on('error', (e: unknown) => {
      this.stats.mediaErrors.push(`dash: ${JSON.stringify((e as { error?: unknown }).error ?? e).slice(0, 200)}`);
    });
    video.addEventListener('error', () => this.stats.mediaErrors.push(`MEDIA_ERR ${video.error?.code ?? '?'}: ${video.error?.message ?? ''}`));
    player.initialize(video, this.mediaBase + src, false, startAt);
    return { node, src, video, player };
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
      try { slot.player.destroy(); } catch { /* already torn down */ }
      slot.video.remove();
    }, 500);
  }
}
