/**
 * Lit adapter: every animation frame, follow the room timeline with the media
 * (hard cut on join or a node change nobody announced, prepared swap at an
 * announced switch, tiered drift correction otherwise), and warm the likely
 * branches while a vote is open. Records the figures tests and benches read.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Story } from '../../engine/story.ts';
import { positionAt } from '../../engine/timeline.ts';
import { DriftCorrector } from '../sync/drift-corrector.ts';
import { effectiveTimeline, switchInstant, type ChoiceView, type RoomModel } from '../sync/room-model.ts';
import { MediaController } from '../media/media-controller.ts';
import { Prefetcher } from '../media/prefetcher.ts';
import type { RoomView } from './room-view.ts';

export interface PlaybackEnv {
  container: HTMLElement | null;
  story: Story | null;
  mediaBase: string;
  /**
   * The open choice's options, likeliest first, to warm; undefined: none.
   * Default: a vote's, by live tally. A solo viewer's come from what they
   * hover, focus or dwell on.
   */
  likely?: (choice: ChoiceView) => string[] | undefined;
}

export interface PlaybackStats {
  /** Signed drift samples (ms), video − room timeline, while playing and in sync range. */
  drift: number[];
  /** Per switch: node and how late (ms, server clock) the swap happened vs the announced instant. */
  switches: Array<{ to: string; lateMs: number; prepared: boolean; wall: number }>;
  /** Stalls: playing, but currentTime did not move for this long (ms). */
  stalls: Array<{ ms: number; wall: number; node: string; at: number }>;
  mediaErrors: string[];
  seeks: number;
}

export class PlaybackController implements ReactiveController {
  media: MediaController | null = null;
  readonly corrector = new DriftCorrector();
  readonly stats: PlaybackStats = { drift: [], switches: [], stalls: [], mediaErrors: [], seeks: 0 };
  buffering = false;
  target = 0;
  #frame = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastTick = 0;
  #wakeFor = 0;
  #prefetch: Prefetcher | null = null;
  #lastMove = { time: -1, at: 0 };
  #lastCatching = false;
  /** How long before the switch instant the standby starts (ms); learned from how late it runs after a swap. */
  #prerollMs = 100;
  /** How far ahead of the target a paused element starts (s); learned (see #start). */
  #startLeadS = 0.15;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The room to follow: a live one, or a solo run (read on every frame, so an element may switch modes). */
    private readonly source: () => RoomView,
    private readonly env: () => PlaybackEnv,
  ) {
    host.addController(this);
  }

  private get room(): RoomView {
    return this.source();
  }

  hostConnected(): void {
    this.#prefetch = new Prefetcher({ k: 2, budgetBytes: 4 * 1024 * 1024, fetch: (url, init) => fetch(url, init) });
    // Frames drive the loop when the page renders; a 40 ms timer backs it up,
    // because Chromium throttles rAF (to 1 Hz, measured) under compositor load
    // or when a page is not painted, and a 1 Hz loop corrects drift too late.
    const loop = (): void => {
      this.#maybeTick();
      this.#frame = requestAnimationFrame(loop);
    };
    this.#frame = requestAnimationFrame(loop);
    this.#timer = setInterval(() => this.#maybeTick(), 40);
  }

  #maybeTick(): void {
    const t = performance.now();
    if (t - this.#lastTick < 10) return;
    this.#lastTick = t;
    this.#tick();
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.#frame);
    clearInterval(this.#timer);
    this.#prefetch?.cancel();
    this.media?.destroy();
    this.media = null;
  }

  #tick(): void {
    const { container, story, mediaBase } = this.env();
    const model = this.room.model;
    const clock = this.room.clock;
    if (!container || !story || !model || !clock?.ready) return;
    if (!this.media) {
      this.media = new MediaController(container, mediaBase);
      this.stats.mediaErrors = this.media.stats.mediaErrors;
    }
    const now = clock.serverNow();
    const tl = effectiveTimeline(model, now);
    const srcOf = (node: string): string | undefined => story.nodes[node]?.media.src;

    // The node to show: a prepared swap when announced, a hard cut otherwise.
    if (this.media.active?.node !== tl.node) {
      const src = srcOf(tl.node);
      if (!src) return;
      const prepared = this.media.standbyNode === tl.node;
      const instant = switchInstant(model);
      const slot = this.media.load(tl.node, src, prepared ? 0 : positionAt(tl, now));
      if (prepared) {
        this.stats.switches.push({ to: tl.node, lateMs: now - (instant ?? tl.serverAnchor), prepared, wall: Date.now() });
        // Positive lag: the new video is behind the timeline at the swap; start it that much earlier next time.
        const lagMs = positionAt(tl, now) * 1000 - slot.video.currentTime * 1000;
        this.#prerollMs = Math.max(0, Math.min(300, this.#prerollMs + lagMs * 0.7));
      }
      this.corrector.reset();
      this.#lastMove = { time: -1, at: performance.now() };
    }
    // An announced switch: load the next node into the hidden element now.
    if (model.pendingSwitch && model.pendingSwitch.node === tl.node) {
      const src = srcOf(model.pendingSwitch.to);
      if (src) this.media.prepare(model.pendingSwitch.to, src);
      this.#prefetch?.cancel();
      const instant = switchInstant(model);
      if (instant !== undefined && now >= instant - this.#prerollMs) this.media.preroll();
      // Wake exactly at the instant instead of at the next frame or interval tick (up to 40 ms late).
      if (instant !== undefined && instant - now < 250 && this.#wakeFor !== instant) {
        this.#wakeFor = instant;
        setTimeout(() => this.#tick(), Math.max(0, instant - now));
      }
    } else if (model.choice && !model.choice.winner) {
      // Choice open: warm the likeliest branches first.
      const likely = (this.env().likely ?? byVotes)(model.choice);
      const next = (likely ?? []).map((id) => story.nodes[model.node]?.choice?.options.find((x) => x.id === id)?.to).map((to) => (to ? srcOf(to) : undefined));
      // The URL this page's engine will load: the .mpd, or the master.m3u8 beside it.
      const media = this.media;
      if (likely) this.#prefetch?.update(next.filter((s): s is string => !!s).map((s) => new URL(media.manifestUrl(s), location.href).href));
    }
    this.#follow(model, tl, now);
  }

  #follow(model: RoomModel, tl: ReturnType<typeof effectiveTimeline>, now: number): void {
    const video = this.media?.video;
    if (!video) return;
    const duration = this.room.model && this.env().story?.nodes[tl.node]?.media.duration;
    let target = positionAt(tl, now);
    if (duration) target = Math.min(target, duration - 0.001);
    this.target = target;
    const playing = tl.playing && !model.closed && target >= 0;
    if (playing && video.paused && video.readyState >= 2 && !video.ended && !video.seeking) this.#start(video, tl, target);
    if (!playing && !video.paused) video.pause();
    const ready = video.readyState >= 3;
    this.buffering = playing && !ready && !video.seeking;
    const local = performance.now();
    // Stall detection: playback lost against the wall clock between two moves
    // of the playhead. Not just "no move seen": a busy main thread sees no
    // move while the compositor keeps playing, which is not a stall.
    if (playing && !video.ended && target < (duration ?? Infinity) - 0.1) {
      if (video.currentTime !== this.#lastMove.time) {
        const lost = local - this.#lastMove.at - ((video.currentTime - this.#lastMove.time) * 1000) / video.playbackRate;
        if (this.#lastMove.time >= 0 && lost > 200) this.stats.stalls.push({ ms: Math.round(lost), wall: Date.now(), node: tl.node, at: Math.round(video.currentTime * 1000) / 1000 });
        this.#lastMove = { time: video.currentTime, at: local };
      }
    } else {
      this.#lastMove = { time: -1, at: local };
    }
    if (video.seeking || video.readyState < 2) return;
    const c = this.corrector.decide({ actual: video.currentTime, target, playing, now: local, uncertaintyMs: this.room.clock?.uncertainty });
    if (c.kind === 'rate') video.playbackRate = c.rate;
    else if (c.kind === 'seek') {
      this.stats.seeks++;
      video.playbackRate = 1;
      video.currentTime = c.position;
      video.addEventListener('seeked', () => this.corrector.seeked(video.currentTime, positionAt(tl, this.room.clock?.serverNow() ?? now)), { once: true });
    }
    if (playing && Math.abs(video.currentTime - target) < 0.4 && !video.ended) {
      this.stats.drift.push(Math.round((video.currentTime - target) * 10000) / 10);
      if (this.stats.drift.length > 20000) this.stats.drift.splice(0, 10000);
    }
    if (this.corrector.catchingUp !== this.#lastCatching || this.buffering) {
      this.#lastCatching = this.corrector.catchingUp;
      this.host.requestUpdate();
    }
  }

  /**
   * Starts playback ahead of the target by the learned start latency: play()
   * takes 100-200 ms to produce moving frames (measured), which a 5% nudge
   * would need seconds to recover. The element is paused, so this seek shows
   * nothing. The latency is re-learned at every start from the 'playing' event.
   */
  #start(video: HTMLVideoElement, tl: ReturnType<typeof effectiveTimeline>, target: number): void {
    const clock = this.room.clock;
    if (Math.abs(video.currentTime - target) > 0.005 || this.#startLeadS > 0.005) video.currentTime = target + this.#startLeadS;
    const startedAt = target;
    video.addEventListener('playing', () => {
      if (!clock || !tl.playing) return;
      const needed = positionAt(tl, clock.serverNow()) - startedAt;
      if (needed >= 0 && needed < 1) this.#startLeadS = 0.5 * this.#startLeadS + 0.5 * needed;
    }, { once: true });
    void video.play().catch(() => this.#mutedRetry(video));
  }

  #mutedRetry(video: HTMLVideoElement): void {
    // Autoplay policy: start muted rather than not at all; the player offers "tap for sound".
    video.muted = true;
    void video.play().catch(() => undefined);
    this.host.requestUpdate();
  }
}

/** A vote's options, most votes first; other modes warm nothing (the host's pick is not predictable). */
function byVotes(choice: ChoiceView): string[] | undefined {
  if (choice.mode !== 'vote') return undefined;
  return [...choice.options].sort((a, b) => (choice.counts[b.id] ?? 0) - (choice.counts[a.id] ?? 0)).map((o) => o.id);
}
