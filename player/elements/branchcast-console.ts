/**
 * <branchcast-console server room token>: the host's console. Play, pause,
 * seek; force the open choice; push and close quizzes; live tally bars, the
 * quiz heatmap (HEATMAP frames, hosts only), hotspot click-through and the
 * viewer count (STATS frames, hosts only: pushed, never polled, because the
 * analytics export replays the whole room log).
 *
 * Attributes: `server`, `room`, `token` (the room's host token).
 */
import { LitElement, html, nothing } from 'lit';
import type { QuizResults, RoomCommand } from '../../engine/room/room-types.ts';
import type { Story } from '../../engine/story.ts';
import { positionAt } from '../../engine/timeline.ts';
import { FocusNavController } from '../controllers/focus-nav-controller.ts';
import { debugState } from '../controllers/debug-state.ts';
import { PlaybackController } from '../controllers/playback-controller.ts';
import { RoomController } from '../controllers/room-controller.ts';
import { drawHeatmap } from '../overlays/heatmap-canvas.ts';
import { statusBadges, errorPanel, type StatusProps } from '../overlays/status-layer.ts';
import { effectiveTimeline } from '../sync/room-model.ts';
import { CommandError } from '../session/session-types.ts';
import { consoleStyles } from './console-styles.ts';
import { playerStyles } from './player-styles.ts';

export class BranchcastConsole extends LitElement {
  static override styles = [playerStyles, consoleStyles];
  static override properties = {
    server: { type: String },
    room: { type: String },
    token: { type: String },
    story: { state: true },
    message: { state: true },
  };

  declare server: string;
  declare room: string;
  declare token: string;
  declare story: Story | null;
  declare message: string;

  readonly roomCtl: RoomController;
  readonly playback: PlaybackController;
  #timers: number[] = [];
  #abort: AbortController | null = null;
  /** Final results of closed quizzes, so their heatmap stays visible. */
  #finished = new Map<string, QuizResults>();

  constructor() {
    super();
    this.server = '';
    this.room = '';
    this.token = '';
    this.story = null;
    this.message = '';
    this.roomCtl = new RoomController(this, () => ({ server: this.server, token: this.token }));
    this.playback = new PlaybackController(this, () => this.roomCtl, () => ({
      container: this.renderRoot?.querySelector?.('.videos') as HTMLElement | null,
      story: this.story,
      mediaBase: `${this.server || location.origin}/media/`,
    }));
    new FocusNavController(this, { onBack: () => undefined, onPlayPause: () => void this.#playPause(), onSeekBy: (s) => void this.#seekBy(s) });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#abort = new AbortController();
    this.#timers.push(window.setInterval(() => this.requestUpdate(), 250));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    this.#abort?.abort();
  }

  /** Figures for tests and benches (see debug-state.ts). */
  debugState(): Record<string, unknown> {
    return debugState(this.roomCtl, this.playback);
  }

  get position(): number {
    const m = this.roomCtl.model;
    const clock = this.roomCtl.clock;
    if (!m || !clock) return 0;
    const now = clock.serverNow();
    return positionAt(effectiveTimeline(m, now), now);
  }

  /** Sends a command; resolves true on ACK, shows the error otherwise. */
  async send(cmd: RoomCommand): Promise<boolean> {
    try {
      await this.roomCtl.command(cmd);
      this.message = '';
      return true;
    } catch (e) {
      this.message = e instanceof CommandError ? `${cmd.type}: ${e.code}: ${e.message}` : String(e);
      return false;
    }
  }

  protected override updated(): void {
    const m = this.roomCtl.model;
    if (m && !this.story && m.story) void this.#loadStory(m.story);
    for (const q of m?.quizzes ?? []) if (q.closed) this.#finished.set(q.quiz, q.closed.results);
    for (const canvas of this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-quiz]')) {
      const id = canvas.dataset.quiz ?? '';
      const results = this.roomCtl.heatmap?.quizzes.find((q) => q.quiz === id) ?? this.#finished.get(id);
      const quiz = m?.quizzes.find((q) => q.quiz === id);
      if (results) drawHeatmap(canvas, results, quiz?.options ?? []);
    }
  }

  override render() {
    const m = this.roomCtl.model;
    const pos = this.position;
    const node = m ? effectiveTimeline(m, this.roomCtl.clock?.serverNow() ?? 0).node : '';
    const duration = this.story?.nodes[node]?.media.duration ?? 0;
    const playing = !!m?.timeline.playing;
    const status: StatusProps = { status: this.roomCtl.status, closed: !!m?.closed, buffering: this.playback.buffering, catchingUp: this.playback.corrector.catchingUp, now: performance.now(), onRetry: () => this.roomCtl.session?.reconnectNow(), onNewToken: () => location.reload() };
    const present = this.roomCtl.stats?.present ?? 0;
    return html`
      <div class="console">
        <div class="left">
          <div class="stage" role="region" aria-label="Room preview (click to play or pause)" @click=${(e: Event) => { if (!(e.target as HTMLElement).closest('button')) void this.#playPause(); }}><div class="videos"></div><div class="layer">${statusBadges(status)}${errorPanel(status)}</div></div>
          <div class="transport" data-nav="row" role="toolbar" aria-label="Playback">
            <button class="play" aria-label=${playing ? 'Pause the room' : 'Play the room'} @click=${() => void this.#playPause()}>${playing ? 'Pause' : 'Play'}</button>
            <button @click=${() => void this.#seekBy(-10)}>Back 10 s</button>
            <button @click=${() => void this.#seekBy(10)}>Forward 10 s</button>
            <input class="seek" type="range" min="0" max=${duration} step="0.1" .value=${String(pos)} aria-label="Seek" @change=${(e: Event) => void this.send({ type: 'seek', position: Number((e.target as HTMLInputElement).value) })}>
            <span class="time">${node} · ${pos.toFixed(1)} / ${duration} s</span>
          </div>
          ${this.message ? html`<p class="message" role="alert">${this.message}</p>` : nothing}
          <p class="viewers" aria-live="polite">Connected: <strong class="viewer-count">${present}</strong> · v${m?.version ?? '–'} ${m?.ended ? html`· ended: ${m.ended}` : nothing}</p>
        </div>
        <div class="right">
          ${this.#choiceView()}
          ${this.#quizView()}
          ${this.#hotspotView()}
        </div>
      </div>`;
  }

  #choiceView() {
    const c = this.roomCtl.model?.choice;
    if (!c) return html`<section class="card"><h2>Choice</h2><p>No choice open.</p></section>`;
    const max = Math.max(1, ...Object.values(c.counts));
    return html`<section class="card tally" aria-label="Live tally"><h2>${c.prompt ?? 'Choice'} <small>(${c.mode}${c.winner ? `, decided: ${c.winner}` : ''})</small></h2>
      ${c.options.map((o) => html`<div class="tally-row" data-option=${o.id}>
        <span class="name">${o.label}</span>
        <span class="track"><span class="fill" style="width:${((c.counts[o.id] ?? 0) / max) * 100}%"></span></span>
        <span class="n">${c.counts[o.id] ?? 0}</span>
        <button ?disabled=${!!c.winner} aria-label=${`Force ${o.label}`} @click=${() => void this.send({ type: 'choose', option: o.id })}>Force</button>
      </div>`)}
    </section>`;
  }

  #quizView() {
    const quizzes = this.roomCtl.model?.quizzes ?? [];
    return html`<section class="card quizzes"><h2>Quizzes</h2>
      ${quizzes.map((q) => html`<div class="quiz-card" data-quiz=${q.quiz}>
        <div><strong>${q.prompt}</strong> ${q.closed ? html`<small>closed</small>` : html`<button @click=${() => void this.send({ type: 'close-quiz', quiz: q.quiz })}>Close</button>`}</div>
        <canvas class="heatmap" data-quiz=${q.quiz} width="420" height=${Math.max(60, q.options.length * 28)} role="img" aria-label=${`Answer heatmap for ${q.prompt}: options by seconds since opening`}></canvas>
      </div>`)}
      <form class="push" @submit=${(e: Event) => void this.#push(e)}>
        <input name="prompt" placeholder="Question" aria-label="Question" required>
        <input name="options" placeholder="Options, comma separated" aria-label="Options, comma separated" required>
        <input name="answer" type="number" min="0" placeholder="Answer #" aria-label="Correct option number (from 0; empty for a poll)">
        <input name="seconds" type="number" min="1" placeholder="Seconds" aria-label="Close after seconds">
        <button type="submit">Push quiz</button>
      </form>
    </section>`;
  }

  #hotspotView() {
    const rows = this.roomCtl.stats?.hotspots ?? [];
    return html`<section class="card hotspot-stats"><h2>Hotspots</h2>
      ${rows.length === 0 ? html`<p>No hotspot activity yet.</p>` : html`<table><thead><tr><th>hotspot</th><th>seen</th><th>clicks</th><th>CTR</th><th>claims</th></tr></thead><tbody>
        ${rows.map((h) => html`<tr data-hotspot=${h.hotspot}><td>${h.hotspot}</td><td>${h.impressions}</td><td>${h.clicks}</td><td>${h.impressions ? Math.round((h.clicks / h.impressions) * 100) : 0}%</td><td>${h.claims}</td></tr>`)}
      </tbody></table>`}
    </section>`;
  }

  async #playPause(): Promise<void> {
    await this.send({ type: this.roomCtl.model?.timeline.playing ? 'pause' : 'play' });
  }

  async #seekBy(seconds: number): Promise<void> {
    await this.send({ type: 'seek', position: Math.max(0, this.position + seconds) });
  }

  async #push(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const options = String(data.get('options') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const answer = String(data.get('answer') ?? '');
    const seconds = String(data.get('seconds') ?? '');
    const ok = await this.send({
      type: 'push-quiz',
      quiz: { id: `q-${Date.now().toString(36)}`, prompt: String(data.get('prompt') ?? ''), options, ...(answer ? { answer: Number(answer) } : {}), ...(seconds ? { seconds: Number(seconds) } : {}) },
    });
    if (ok) form.reset();
  }

  async #loadStory(id: string): Promise<void> {
    if (this.story) return;
    const res = await fetch(`${this.server}/api/stories/${encodeURIComponent(id)}`, { signal: this.#abort?.signal ?? null }).catch(() => null);
    if (res?.ok) this.story = (await res.json()) as Story;
  }
}

customElements.define('branchcast-console', BranchcastConsole);

declare global {
  interface HTMLElementTagNameMap { 'branchcast-console': BranchcastConsole }
}
