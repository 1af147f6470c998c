/** dash.js over MSE (or ManagedMediaSource): the default path (docs/player.md). */
import { MediaPlayer, type MediaPlayerClass } from 'dashjs';
import type { MediaEngine, MediaErrorSink } from './media-engine.ts';

export class DashEngine implements MediaEngine {
  readonly path = 'dash' as const;
  #player: MediaPlayerClass | null = null;

  constructor(private readonly report: MediaErrorSink) {}

  attach(video: HTMLVideoElement, url: string, startAt: number): void {
    const player = MediaPlayer().create();
    // The sync controller owns the playhead: dash.js must not jump gaps or catch up on its own.
    player.updateSettings({ streaming: { buffer: { fastSwitchEnabled: false }, gaps: { jumpGaps: true, jumpLargeGaps: true } } });
    player.on('error', (e: unknown) => {
      this.report(`dash: ${JSON.stringify((e as { error?: unknown }).error ?? e).slice(0, 200)}`);
    });
    player.initialize(video, url, false, startAt);
    this.#player = player;
  }

  destroy(): void {
    try { this.#player?.destroy(); } catch { /* already torn down */ }
    this.#player = null;
  }
}
