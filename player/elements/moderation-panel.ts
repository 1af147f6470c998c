/**
 * <moderation-panel>: the host console's moderation card (issue 19.5). Per
 * comment on screen now: remove it, mute or kick its author; and the room's
 * comment policy (a cap a minute for the whole room, words to mask). Every
 * button is a room command sent through the console's `send`, so its answer
 * lands in the console's action log like any other.
 *
 * It renders into its own element, without a shadow root, so it sits inside
 * the console's shadow tree and takes the console's card styles.
 */
import { LitElement, html } from 'lit';
import type { RoomCommand } from '../../engine/room/room-types.ts';
import type { CommentView } from '../sync/room-model.ts';

export class ModerationPanel extends LitElement {
  static override properties = {
    comments: { attribute: false },
    send: { attribute: false },
    muted: { state: true },
  };

  declare comments: readonly CommentView[];
  /** Sends a command; resolves true on ACK (the console's send, which logs it). */
  declare send: (cmd: RoomCommand) => Promise<boolean>;
  /** Subjects muted from this console (the room does not echo a list; the `muted` events say so to everyone). */
  declare muted: ReadonlySet<string>;

  constructor() {
    super();
    this.comments = [];
    this.send = () => Promise.resolve(false);
    this.muted = new Set();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    const recent = [...this.comments].slice(-20).reverse();
    return html`<section class="card moderation" aria-labelledby="moderation-title"><h2 id="moderation-title">Moderation</h2>
      ${recent.length === 0
        ? html`<p class="empty">No comments around this moment. Each one shows here with Remove, Mute and Kick.</p>`
        : html`<ul class="moderation-comments">${recent.map((c) => html`<li data-comment=${c.id} data-sub=${c.sub}>
            <span class="who">${c.sub}</span> <span class="text">${c.text}</span>
            <button class="remove" aria-label=${`Remove the comment “${c.text}”`} @click=${() => void this.send({ type: 'remove-comment', comment: c.id })}>Remove</button>
            <button class="mute" aria-label=${`${this.muted.has(c.sub) ? 'Unmute' : 'Mute'} ${c.sub}`} @click=${() => void this.#toggleMute(c.sub)}>${this.muted.has(c.sub) ? 'Unmute' : 'Mute'}</button>
            <button class="kick" aria-label=${`Kick ${c.sub} out of the room`} @click=${() => void this.send({ type: 'kick', sub: c.sub })}>Kick</button>
          </li>`)}</ul>`}
      <form class="comment-policy" @submit=${(e: Event) => void this.#setPolicy(e)}>
        <input name="perMinute" type="number" min="0" max="600" placeholder="Comments a minute" aria-label="Comments a minute in the whole room (0: no cap)">
        <input name="words" placeholder="Words to mask, comma separated" aria-label="Words to mask, comma separated">
        <button type="submit">Set comment policy</button>
      </form>
    </section>`;
  }

  async #toggleMute(sub: string): Promise<void> {
    const muting = !this.muted.has(sub);
    if (!(await this.send({ type: muting ? 'mute' : 'unmute', sub }))) return;
    const next = new Set(this.muted);
    if (muting) next.add(sub);
    else next.delete(sub);
    this.muted = next;
  }

  async #setPolicy(e: Event): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const words = String(data.get('words') ?? '').split(',').map((w) => w.trim()).filter(Boolean);
    await this.send({ type: 'comment-policy', perMinute: Number(data.get('perMinute') || 0), words });
  }
}

customElements.define('moderation-panel', ModerationPanel);

declare global {
  interface HTMLElementTagNameMap { 'moderation-panel': ModerationPanel }
}
