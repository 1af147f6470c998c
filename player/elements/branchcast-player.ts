/**
 * <branchcast-player server room token>: a viewer's window on a room. The
 * video follows the room timeline; overlays show the open vote with its live
 * tally, quizzes, hotspots, danmaku, and the connection state.
 *
 * <branchcast-player story="demo" mode="solo">: one viewer plays a story alone,
 * the room core running in this page (SoloController); no host, token or room.
 *
 * Attributes: `server` (origin, '' = this page), `room`, `token` (a viewer token);
 * `mode` (`room`, the default, or `solo`) and `story` (solo: a story id or a URL of its JSON).
 * Events: `branchcast-token-expired` (bubbles, composed): the page should get a new token.
 * CSS parts: none; style through the custom properties `--accent`.
 */
import { LitElement, html, nothing } from 'lit';
import type { Hotspot, Story } from '../../engine/story.ts';
import { positionAt } from '../../engine/timeline.ts';
import { PlaybackController } from '../controllers/playback-controller.ts';
import { FocusNavController } from '../controllers/focus-nav-controller.ts';
import { debugState } from '../controllers/debug-state.ts';
import { RoomController } from '../controllers/room-controller.ts';
import type { RoomView } from '../controllers/room-view.ts';
import { SoloController } from '../solo/solo-controller.ts';
import { soloBar, soloStage, soloStyles } from '../overlays/solo-panel.ts';
import { likelyOptions, shareToast, soloPanelProps } from './solo-view.ts';
import type { ChoiceView } from '../sync/room-model.ts';
import { effectiveTimeline, markAnswered } from '../sync/room-model.ts';
import { danmakuLayer, onScreenComments } from '../overlays/danmaku-layer.ts';
import { hotspotLayer, visibleHotspots } from '../overlays/hotspot-layer.ts';
import { quizPanel } from '../overlays/quiz-panel.ts';
import { errorPanel, statusBadges, type StatusProps } from '../overlays/status-layer.ts';
import { votePanel } from '../overlays/vote-panel.ts';
import { arLayer, toastLayer, type ArView, type Toast } from '../overlays/notice-layers.ts';
import { playerStyles } from './player-styles.ts';
import { commentForm } from './comment-form.ts';
import { CaptionsController } from '../captions/captions-controller.ts';
import { captionsLayer, captionsStyles } from '../overlays/captions-layer.ts';
import { CommandError } from '../../client/session/session-types.ts';
import { languageMenu, languageMenuStyles, localize, StoryLanguageController } from '../i18n/story-language.ts';

export class BranchcastPlayer extends LitElement {
  static override styles = [playerStyles, soloStyles, captionsStyles, languageMenuStyles];
  static override properties = {
    server: { type: String },
    room: { type: String },
    token: { type: String },
    mode: { type: String },
    story: { type: String },
    draft: { attribute: false },
    doc: { state: true },
    toast: { state: true },
    ar: { state: true },
  };

  // Lit gotcha: `declare` + constructor assignment, never field initialisers (a class field would shadow Lit's reactive accessor).
  declare server: string;
  declare room: string;
  declare token: string;
  declare mode: 'room' | 'solo';
  /** Solo: the story's id or URL. */
  declare story: string;
  /** Solo: a story given as data (the studio's preview); the run is neither saved nor reported. */
  declare draft: Story | null;
  /** The story being shown (a room's, loaded by id from the room). */
  declare doc: Story | null;
  declare toast: Toast | null;
  declare ar: ArView | null;

  readonly roomCtl: RoomController;
  readonly solo: SoloController;
  readonly playback: PlaybackController;
  readonly nav: FocusNavController;
  readonly captions: CaptionsController;
  readonly language: StoryLanguageController;
  #votes = new Map<string, string>();
  #dismissed = new Set<string>();
  #impressions = new Set<string>();
  #shown = new Map<string, number>();
  #ticker = 0;
  #offered = '';
  #storyAbort: AbortController | null = null;
  /** Solo: the option the viewer last hovered or focused, warmed first. */
  #leaning: string | null = null;

  constructor() {
    super();
    this.server = '';
    this.room = '';
    this.token = '';
    this.mode = 'room';
    this.story = '';
    this.draft = null;
    this.doc = null;
    this.toast = null;
    this.ar = null;
    this.roomCtl = new RoomController(this, () => ({ server: this.server, token: this.isSolo ? '' : this.token }));
    this.solo = new SoloController(this, () => (this.isSolo ? { server: this.server, story: this.story, doc: this.draft } : null));
    this.playback = new PlaybackController(this, () => this.source, () => ({
      container: this.renderRoot?.querySelector?.('.videos') as HTMLElement | null,
      story: this.storyDoc,
      mediaBase: `${this.server || location.origin}/media/`,
      ...(this.isSolo ? { likely: (c: ChoiceView) => likelyOptions(c, this.#leaning, this.solo.story) } : {}),
    }));
    this.nav = new FocusNavController(this, { onBack: () => this.#back() });
    this.language = new StoryLanguageController(this);
    this.captions = new CaptionsController(this, () => ({ story: this.storyDoc, mediaBase: `${this.server || location.origin}/media/` }));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Countdowns, hotspot windows and danmaku move with media time: re-render 4× a second.
    this.#ticker = window.setInterval(() => this.requestUpdate(), 250);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#ticker);
    this.#storyAbort?.abort();
    this.#stopCamera();
  }

  get isSolo(): boolean {
    return this.mode === 'solo';
  }

  /** What the player follows: the live room, or this page's solo run. */
  get source(): RoomView {
    return this.isSolo ? this.solo : this.roomCtl;
  }

  get storyDoc(): Story | null {
    return this.isSolo ? this.solo.story : this.doc;
  }

  /** The room's media position now, by this client's clock estimate. */
  get position(): number {
    const m = this.source.model;
    const clock = this.source.clock;
    if (!m || !clock) return 0;
    const now = clock.serverNow();
    return positionAt(effectiveTimeline(m, now), now);
  }

  /** The active <video> (tests and benches sample it). */
  get video(): HTMLVideoElement | null {
    return this.playback.media?.video ?? null;
  }

  /** Figures for tests and benches: position, drift and switch records. Not an API for pages. */
  debugState(): Record<string, unknown> {
    const solo = this.isSolo ? { vars: this.solo.session?.snapshot().vars, path: this.solo.revisitable().map((p) => `${p.node}:${p.option}`), hash: this.solo.session?.hash() } : {};
    return { ...debugState(this.source, this.playback, this.isSolo), shownComments: [...this.#shown.entries()], ...solo };
  }

  protected override updated(): void {
    // A newly opened vote or quiz takes focus when nothing holds it (remote control).
    const m = this.source.model;
    const key = `${m?.choice && !m.choice.winner ? `${m.choice.node}:${m.choice.closes}` : ''}|${m?.quizzes.filter((q) => !q.closed && q.mine === undefined).map((q) => q.quiz).join(',') ?? ''}`;
    if (key !== this.#offered) {
      this.#offered = key;
      if (m?.choice && !m.choice.winner) this.nav.offer('.vote');
      else if (m?.quizzes.some((q) => !q.closed)) this.nav.offer('.quiz');
    }
  }

  protected override willUpdate(): void {
    const storyId = this.isSolo ? undefined : this.roomCtl.model?.story;
    if (storyId && this.doc?.id !== storyId && !this.#storyAbort) void this.#loadStory(storyId);
  }

  override render() {
    const m = this.source.model;
    const pos = this.position;
    const node = m ? effectiveTimeline(m, this.source.clock?.serverNow() ?? 0).node : '';
    const lang = this.language.language(this.storyDoc);
    const shown = localize(this.storyDoc, lang, node, { choice: m?.choice ?? null, quizzes: (m?.quizzes ?? []).filter((q) => !this.#dismissed.has(q.quiz)), hotspots: visibleHotspots(this.storyDoc?.nodes[node]?.hotspots, pos), ended: m?.ended ?? null });
    this.#reportImpressions(node, shown.hotspots);
    const comments = m ? onScreenComments(m.comments.filter((c) => c.node === node), pos) : [];
    for (const c of comments) if (!this.#shown.has(c.id)) this.#shown.set(c.id, pos);
    if (m?.pendingSwitch) this.captions.prefetch(m.pendingSwitch.to);
    const statusProps: StatusProps = {
      status: this.source.status, closed: !!m?.closed, solo: this.isSolo, buffering: this.playback.buffering, catchingUp: this.playback.corrector.catchingUp,
      now: performance.now(), onRetry: () => this.roomCtl.session?.reconnectNow(), onNewToken: () => this.dispatchEvent(new CustomEvent('branchcast-token-expired', { bubbles: true, composed: true })),
    };
    const solo = this.isSolo
      ? soloPanelProps(this.solo, pos, { send: (cmd) => void this.#send(cmd), forgetPicks: () => this.#votes.clear(), requestUpdate: () => this.requestUpdate(), share: () => void shareToast(this.solo).then((t) => { this.toast = t; }) }, lang)
      : null;
    return html`
      <div class="stage" role="region" aria-label="Interactive video">
        <div class="videos"></div>
        <div class="layer">
          ${statusBadges(statusProps)}
          ${shown.ended && !solo ? html`<div class="ending" role="status">The end: ${shown.ended}</div>` : nothing}
          ${danmakuLayer(comments, pos, !m?.timeline.playing)}
          ${hotspotLayer(shown.hotspots, (h) => void this.#hotspot(h))}
          ${captionsLayer({ tracks: this.captions.tracks(node), track: this.captions.track(node), cues: this.captions.cuesAt(node, pos), raised: !!m?.choice, onChoose: (l) => this.captions.choose(l) })}
          ${languageMenu({ languages: this.storyDoc?.languages ?? [], current: lang, below: this.captions.tracks(node).length > 0, onChoose: (l) => this.#chooseLanguage(l, node) })}
          ${votePanel({ choice: shown.choice, position: pos, rate: m?.timeline.rate ?? 1, mine: m?.choice ? this.#votes.get(m.choice.node) : undefined, canAct: this.isSolo || m?.choice?.mode !== 'host', solo: this.isSolo, onPick: (o) => void this.#pick(o), onLean: (o) => { this.#leaning = o; } })}
          ${quizPanel({ quizzes: shown.quizzes, onAnswer: (q, i) => void this.#answer(q, i), onDismiss: (q) => { this.#dismissed.add(q); this.requestUpdate(); } })}
          ${toastLayer(this.toast, () => { this.toast = null; })}
          ${arLayer(this.ar, `${this.server || location.origin}/media/`, () => this.#back())}
          ${solo ? soloStage(solo) : errorPanel(statusProps)}
        </div>
      </div>
      ${solo ? soloBar(solo) : commentForm({ video: this.video, requestUpdate: () => this.requestUpdate(), send: async (text) => !!(await this.#send({ type: 'comment', text, at: Math.max(0, this.position) })) })}`;
  }

  async #loadStory(id: string): Promise<void> {
    this.#storyAbort = new AbortController();
    try {
      const res = await fetch(`${this.server}/api/stories/${encodeURIComponent(id)}`, { signal: this.#storyAbort.signal });
      if (res.ok) this.doc = (await res.json()) as Story;
    } catch {
      // retried on the next update
    } finally {
      this.#storyAbort = null;
    }
  }

  async #pick(option: string): Promise<void> {
    const choice = this.source.model?.choice;
    if (!choice) return;
    this.#votes.set(choice.node, option);
    this.requestUpdate();
    // Alone, the viewer's pick is the decision, whatever the mode.
    await this.#send({ type: choice.mode === 'vote' && !this.isSolo ? 'vote' : 'choose', option });
  }

  async #answer(quiz: string, option: number): Promise<void> {
    this.source.update((m) => markAnswered(m, quiz, option));
    await this.#send({ type: 'answer', quiz, option });
  }

  async #hotspot(h: Hotspot): Promise<void> {
    await this.#send({ type: 'hotspot', hotspot: h.id, action: 'click' });
    if (h.kind === 'coupon' && this.isSolo) {
      // Codes come from the server's campaign ledger, which only a live room reaches.
      this.toast = { kind: 'message', text: `${String(h.offer ?? h.label ?? h.campaign)}: coupons are handed out during live shows.` };
    } else if (h.kind === 'coupon') {
      const ack = await this.#send({ type: 'claim', hotspot: h.id });
      const code = ack?.data?.code;
      if (typeof code === 'string') this.toast = { kind: 'coupon', code, offer: String(h.offer ?? h.label ?? h.campaign) };
    } else if (h.kind === 'ar') {
      await this.#openCamera(h.overlay);
    } else if (h.kind === 'link') {
      if (/^https:\/\//.test(h.url)) window.open(h.url, '_blank', 'noopener,noreferrer');
    }
  }

  /** The viewer's story language; captions follow it when on and this node has that track. */
  #chooseLanguage(lang: string, node: string): void {
    this.language.choose(lang);
    if (this.captions.choice !== 'off' && this.captions.tracks(node).some((t) => t.lang === lang)) this.captions.choose(lang);
  }

  async #openCamera(overlay: string): Promise<void> {
    this.ar = { overlay, stream: null };
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false });
      this.ar = { overlay, stream };
    } catch (e) {
      this.ar = { overlay, stream: null, error: `Camera unavailable (${(e as Error).name}): showing the product only.` };
    }
  }

  #stopCamera(): void {
    for (const t of this.ar?.stream?.getTracks() ?? []) t.stop();
  }

  #back(): void {
    if (this.ar) { this.#stopCamera(); this.ar = null; return; }
    if (this.toast) { this.toast = null; return; }
    const focused = (this.renderRoot as ShadowRoot).activeElement;
    if (focused instanceof HTMLElement) focused.blur();
  }

  #reportImpressions(node: string, hotspots: Hotspot[]): void {
    for (const h of hotspots) {
      const key = `${node}:${h.id}`;
      if (this.#impressions.has(key) || this.source.status.kind !== 'open') continue;
      this.#impressions.add(key);
      void this.#send({ type: 'hotspot', hotspot: h.id, action: 'impression' }, true);
    }
  }

  async #send(cmd: Parameters<RoomView['command']>[0], quiet = false) {
    try {
      return await this.source.command(cmd);
    } catch (e) {
      if (!quiet) this.toast = { kind: 'message', text: e instanceof CommandError ? `${e.code}: ${e.message}` : String(e) };
      return undefined;
    }
  }
}

customElements.define('branchcast-player', BranchcastPlayer);

declare global {
  interface HTMLElementTagNameMap { 'branchcast-player': BranchcastPlayer }
}
