/**
 * <branchcast-console server room token>: the host's console. What the room
 * is doing (the live node and the position in it, the open choice with its
 * countdown and live tally, the quizzes' answer heatmaps: HEATMAP frames,
 * hosts only; the audience and hotspot click-through: STATS frames, hosts
 * only, pushed rather than polled), what the host can do (play, pause, seek,
 * force an option, push and close quizzes, by button or keyboard shortcut),
 * and what each of those did: a log of every command, acknowledged or refused
 * and why. Connecting, unreachable, a refused host link, no such room and a
 * closed room each have their own screen (console-states.ts).
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
import { statusBadges, type StatusProps } from '../overlays/status-layer.ts';
import { effectiveTimeline } from '../sync/room-model.ts';
import { ActionLog, actionLogView, commandLabel } from './action-log.ts';
import { audienceCard, hotspotsCard, quizzesCard } from './console-panels.ts';
import { ConsoleShortcuts, shortcutList } from './console-shortcuts.ts';
import { consoleState, deadEndPanel, isDeadEnd, waitingBanner } from './console-states.ts';
import { consoleStyles } from './console-styles.ts';
import './moderation-panel.ts';
import { choiceCard, nowPlaying } from './now-playing.ts';
import { playerStyles } from './player-styles.ts';

export class BranchcastConsole extends LitElement {
  static override styles = [playerStyles, consoleStyles];
  static override properties = {
    server: { type: String },
    room: { type: String },
    token: { type: String },
    story: { state: true },
  };

  declare server: string;
  declare room: string;
  declare token: string;
  declare story: Story | null;

  readonly roomCtl: RoomController;
  readonly playback: PlaybackController;
  readonly log = new ActionLog(() => this.requestUpdate());
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
    this.roomCtl = new RoomController(this, () => ({ server: this.server, token: this.token }));
    this.playback = new PlaybackController(this, () => this.roomCtl, () => ({
      container: this.renderRoot?.querySelector?.('.videos') as HTMLElement | null,
      story: this.story,
      mediaBase: `${this.server || location.origin}/media/`,
    }));
    // Arrows and Enter move between and press buttons; every other key is a console shortcut.
    new FocusNavController(this, { onBack: () => undefined });
    new ConsoleShortcuts(this, {
      playPause: () => void this.#playPause(),
      seekBy: (s) => void this.#seekBy(s),
      forceOption: (n) => this.#forceOption(n),
      focusQuizForm: () => this.renderRoot.querySelector<HTMLInputElement>('form.push input[name="prompt"]')?.focus(),
      closeNewestQuiz: () => {
        const open = (this.roomCtl.model?.quizzes ?? []).filter((q) => !q.closed).at(-1);
        if (open) void this.send({ type: 'close-quiz', quiz: open.quiz });
      },
    });
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

  /** Sends a command and logs what became of it; resolves true on ACK. */
  send(cmd: RoomCommand): Promise<boolean> {
    return this.log.record(commandLabel(cmd, this.roomCtl.model), () => this.roomCtl.command(cmd));
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
    const state = consoleState(this.roomCtl.status, !!m?.closed, !!m, performance.now());
    if (isDeadEnd(state)) return html`<div class="console-dead">${deadEndPanel(state)}${actionLogView(this.log.entries)}</div>`;
    const pos = this.position;
    const timeline = m ? effectiveTimeline(m, this.roomCtl.clock?.serverNow() ?? 0) : null;
    const node = timeline?.node ?? '';
    const duration = this.story?.nodes[node]?.media.duration ?? 0;
    const playing = !!m?.timeline.playing;
    const status: StatusProps = { status: this.roomCtl.status, closed: false, buffering: this.playback.buffering, catchingUp: this.playback.corrector.catchingUp, now: performance.now(), onRetry: () => this.roomCtl.session?.reconnectNow(), onNewToken: () => location.reload() };
    return html`
      ${waitingBanner(state, () => this.roomCtl.session?.reconnectNow())}
      <div class="console ${state.kind}">
        <div class="left">
          <div class="stage" role="region" aria-label="Room preview (click to play or pause)" @click=${(e: Event) => { if (!(e.target as HTMLElement).closest('button')) void this.#playPause(); }}><div class="videos"></div><div class="layer">${statusBadges(status)}</div></div>
          <div class="transport" data-nav="row" role="toolbar" aria-label="Playback">
            <button class="play" aria-label=${playing ? 'Pause the room' : 'Play the room'} aria-keyshortcuts="Space K" @click=${() => void this.#playPause()}>${playing ? 'Pause' : 'Play'}</button>
            <button aria-keyshortcuts="J" @click=${() => void this.#seekBy(-10)}>Back 10 s</button>
            <button aria-keyshortcuts="L" @click=${() => void this.#seekBy(10)}>Forward 10 s</button>
            <input class="seek" type="range" min="0" max=${duration} step="0.1" .value=${String(pos)} aria-label="Seek" @change=${(e: Event) => void this.send({ type: 'seek', position: Number((e.target as HTMLInputElement).value) })}>
          </div>
          ${m ? nowPlaying({ node, story: this.story, position: pos, duration, playing, ended: m.ended, choice: m.choice }) : nothing}
          ${actionLogView(this.log.entries)}
        </div>
        <div class="right">
          ${audienceCard(this.roomCtl.stats)}
          ${choiceCard({ choice: m?.choice ?? null, position: pos, rate: timeline?.rate ?? 1, onForce: (option) => void this.send({ type: 'choose', option }) })}
          ${quizzesCard({ quizzes: m?.quizzes ?? [], onClose: (quiz) => void this.send({ type: 'close-quiz', quiz }), onPush: (e) => void this.#push(e) })}
          ${hotspotsCard(this.roomCtl.stats?.hotspots ?? [])}
          <moderation-panel .comments=${m?.comments ?? []} .send=${(cmd: RoomCommand) => this.send(cmd)}></moderation-panel>
          ${shortcutList()}
        </div>
      </div>`;
  }

  async #playPause(): Promise<void> {
    await this.send({ type: this.roomCtl.model?.timeline.playing ? 'pause' : 'play' });
  }

  async #seekBy(seconds: number): Promise<void> {
    await this.send({ type: 'seek', position: Math.max(0, this.position + seconds) });
  }

  /** Shortcut 1–9: a number with no open choice, or past its options, is logged as refused here, not sent. */
  #forceOption(n: number): void {
    const choice = this.roomCtl.model?.choice;
    const option = choice?.options[n - 1];
    if (choice && option && !choice.winner) void this.send({ type: 'choose', option: option.id });
    else void this.log.record(`Force option ${n}`, () => Promise.reject(new Error(!choice ? 'not sent: no choice is open' : choice.winner ? 'not sent: the choice is already decided' : `not sent: the choice has ${choice.options.length} options`)));
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
