/** The player's dialogs: a toast (a coupon code, or a notice) and the AR try-on view. */
import { html, nothing, type TemplateResult } from 'lit';

export type Toast = { kind: 'coupon'; code: string; offer: string } | { kind: 'message'; text: string } | { kind: 'link'; text: string; url: string };

export interface ArView {
  overlay: string;
  stream: MediaStream | null;
  error?: string;
}

export function toastLayer(t: Toast | null, onClose: () => void): TemplateResult | typeof nothing {
  if (!t) return nothing;
  return html`<div class="toast" role="dialog" aria-label=${t.kind === 'coupon' ? 'Your coupon code' : 'Notice'}>
    ${t.kind === 'coupon' ? html`<div>${t.offer}</div><code class="coupon-code">${t.code}</code>` : html`<div class="message">${t.text}</div>`}
    ${t.kind === 'link' ? html`<p><a class="share-link" href=${t.url} target="_blank" rel="noopener">${t.url}</a></p>` : nothing}
    <div><button class="action" @click=${onClose} aria-label="Close">OK</button></div>
  </div>`;
}

/** `mediaBase` is where story media is served, e.g. `https://host/media/`. */
export function arLayer(ar: ArView | null, mediaBase: string, onClose: () => void): TemplateResult | typeof nothing {
  if (!ar) return nothing;
  return html`<div class="ar" role="dialog" aria-label="Try it on">
    ${ar.stream ? html`<video autoplay muted playsinline .srcObject=${ar.stream}></video>` : html`<p>${ar.error ?? 'Starting camera…'}</p>`}
    <img class="overlay" src=${mediaBase + ar.overlay} alt="Product overlay">
    <button class="close" aria-label="Close try-on" @click=${onClose}>×</button>
  </div>`;
}
