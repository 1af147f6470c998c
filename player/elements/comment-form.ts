/** The room viewer's comment box under the video (moved out of branchcast-player.ts, which must stay short). */
import { html, nothing, type TemplateResult } from 'lit';

export interface CommentFormProps {
  video: HTMLVideoElement | null;
  /** Sends the comment at the current moment; true when the room took it (the box then clears). */
  send: (text: string) => Promise<boolean>;
  requestUpdate: () => void;
}

export function commentForm(p: CommentFormProps): TemplateResult {
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('text') as HTMLInputElement;
    const text = input.value.trim();
    if (text && (await p.send(text))) input.value = '';
  };
  return html`<form class="comment" @submit=${(e: Event) => void submit(e)}>
      <input name="text" maxlength="280" placeholder="Say something at this moment…" aria-label="Comment at this moment" autocomplete="off">
      <button type="submit">Send</button>
      ${p.video?.muted ? html`<button type="button" class="tap" @click=${() => { if (p.video) p.video.muted = false; p.requestUpdate(); }}>Tap for sound</button>` : nothing}
    </form>`;
}
