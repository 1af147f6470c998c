/**
 * <branchcast-home>: the front page. Says what branchcast is, lists the
 * stories with a thumbnail of their graph and their validation state, and
 * creates a room in one click with the operator key typed into a password
 * field (read at the click, sent only as a Bearer header, never stored).
 * Every state is drawn: loading, no stories, server unreachable, key refused.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { copyLink, type CopyOutcome } from './copy-link.ts';
import { createRoom, type CreatedRoom } from './create-room.ts';
import { graphThumbnail } from './graph-thumbnail.ts';
import { homeStyles } from './home-styles.ts';
import { roomReady } from './room-ready.ts';
import { fetchStoryList, loadStoryCard, validityText, type StoryCard } from './story-cards.ts';

type ListState = { kind: 'loading' } | { kind: 'unreachable'; reason: string } | { kind: 'ready'; cards: StoryCard[] };

export class BranchcastHome extends LitElement {
  static override styles = homeStyles;
  static override properties = { list: { state: true }, keyProblem: { state: true }, creating: { state: true }, room: { state: true }, copied: { state: true } };

  declare list: ListState;
  declare keyProblem: string;
  /** The story whose room is being created. */
  declare creating: string | null;
  declare room: { created: CreatedRoom; title: string } | null;
  declare copied: CopyOutcome | null;

  constructor() {
    super();
    this.list = { kind: 'loading' };
    this.keyProblem = '';
    this.creating = null;
    this.room = null;
    this.copied = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    this.list = { kind: 'loading' };
    try {
      const entries = await fetchStoryList();
      this.list = { kind: 'ready', cards: entries };
      // Each card fills in as its story arrives; one slow or broken story holds up no other.
      for (const entry of entries) void loadStoryCard(entry).then((card) => this.#replace(card));
    } catch (e) {
      this.list = { kind: 'unreachable', reason: e instanceof Error ? e.message : String(e) };
    }
  }

  override render(): TemplateResult {
    return html`
      <header>
        <h1>branchcast</h1>
        <p class="lede">Interactive video that an audience watches together: at each choice the room votes (or the host decides), and every screen switches to the same branch at the same moment.</p>
        <p class="how">Pick a story and create a room: you get a host console to run the show, and a viewer link and QR code to share. Or play any story alone.</p>
      </header>
      <section class="panel key" aria-labelledby="key-title">
        <h2 id="key-title">Before you create a room</h2>
        <label>Operator key <input name="key" type="password" autocomplete="off" aria-describedby="key-hint key-problem" aria-invalid=${this.keyProblem ? 'true' : 'false'} @input=${() => { this.keyProblem = ''; }}></label>
        <p class="hint" id="key-hint"><code>branchcast serve</code> prints it at start. It is sent once, when you create a room, and never stored in this page.</p>
        <p class="problem" id="key-problem" role="alert">${this.keyProblem}</p>
      </section>
      ${this.room ? roomReady({ room: this.room.created, title: this.room.title, copied: this.copied, onCopy: () => void this.#copy() }) : nothing}
      <section aria-labelledby="stories-title">
        <h2 id="stories-title">Stories</h2>
        ${this.#stories()}
      </section>`;
  }

  #stories(): TemplateResult {
    const l = this.list;
    if (l.kind === 'loading') return html`<p class="loading" role="status">Loading stories…</p><div class="skeleton" aria-hidden="true"></div>`;
    if (l.kind === 'unreachable') {
      return html`<div class="panel state unreachable" role="alert"><h3>Cannot reach the branchcast server</h3><p>${l.reason}. Check that it is running, then try again.</p><button class="retry" @click=${() => void this.load()}>Try again</button></div>`;
    }
    if (l.cards.length === 0) {
      return html`<div class="panel state empty"><h3>No stories yet</h3><p>Write one in the <a href="/studio">studio</a>, or start the server with <code>--stories DIR</code> pointing at a folder of story files.</p></div>`;
    }
    return html`<ul class="stories">${l.cards.map((c) => this.#card(c))}</ul>`;
  }

  #card(c: StoryCard): TemplateResult {
    const v = c.validity;
    const text = validityText(v);
    return html`<li class="panel story-card" data-story=${c.id}>
      <div class="thumb">${c.story ? graphThumbnail(c.story) : html`<span class="placeholder">${v ? 'No preview' : 'Loading the graph…'}</span>`}</div>
      <h3>${c.title}</h3>
      ${c.description ? html`<p class="description">${c.description}</p>` : nothing}
      <p class="meta"><span>${c.nodes} scene${c.nodes === 1 ? '' : 's'}</span><span class="validity ${v?.state ?? 'checking'}" data-validity=${v?.state ?? 'checking'}>${text}</span></p>
      ${v && (v.state === 'warnings' || v.state === 'errors') ? html`<p class="finding">${v.first}</p>` : nothing}
      <div class="actions">
        <button class="create" data-story=${c.id} ?disabled=${this.creating !== null} @click=${() => void this.#create(c)}>${this.creating === c.id ? 'Creating…' : 'Create room'}<span class="sr-only"> for ${c.title}</span></button>
        <a href=${`/play/${encodeURIComponent(c.id)}`}>Play alone<span class="sr-only">: ${c.title}</span></a>
      </div>
    </li>`;
  }

  async #create(card: StoryCard): Promise<void> {
    const field = this.renderRoot.querySelector<HTMLInputElement>('input[name="key"]');
    const key = field?.value ?? '';
    if (!key) {
      this.keyProblem = 'Type the operator key first.';
      field?.focus();
      return;
    }
    this.creating = card.id;
    const outcome = await createRoom(card.id, key);
    this.creating = null;
    if (!outcome.ok) {
      this.keyProblem = outcome.message;
      if (outcome.kind === 'bad-key') field?.focus();
      return;
    }
    this.keyProblem = '';
    this.room = { created: outcome.room, title: card.title };
    this.copied = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#room-title')?.focus();
    await this.#copy();
  }

  async #copy(): Promise<void> {
    if (!this.room) return;
    this.copied = await copyLink(this.room.created.viewerLink, this.renderRoot.querySelector<HTMLInputElement>('input.viewer-link'));
  }

  #replace(card: StoryCard): void {
    if (this.list.kind !== 'ready') return;
    this.list = { kind: 'ready', cards: this.list.cards.map((c) => (c.id === card.id ? card : c)) };
  }
}

customElements.define('branchcast-home', BranchcastHome);

declare global {
  interface HTMLElementTagNameMap { 'branchcast-home': BranchcastHome }
}
