/** Connection, buffering and catching-up indicators, and the error panels. */
import { html, nothing, type TemplateResult } from 'lit';
import type { SessionStatus } from '../../client/session/session-types.ts';

export interface StatusProps {
  status: SessionStatus;
  closed: boolean;
  buffering: boolean;
  catchingUp: boolean;
  /** A solo run has no connection to show. */
  solo?: boolean;
  /** Local clock now (ms), for the retry countdown. */
  now: number;
  onRetry: () => void;
  onNewToken: () => void;
}

export function statusBadges(p: StatusProps): TemplateResult {
  const label = p.status.kind === 'open' ? 'Live' : p.status.kind === 'failed' ? 'Offline' : 'Connecting…';
  return html`<div class="badges">
    ${p.solo ? nothing : html`<span class="badge conn ${p.status.kind}" role="status" aria-label=${`Connection: ${label}`}>● ${label}</span>`}
    ${p.buffering ? html`<span class="badge buffering" role="status">Buffering…</span>` : nothing}
    ${p.catchingUp ? html`<span class="badge catching-up" role="status">Catching up…</span>` : nothing}
  </div>`;
}

export function errorPanel(p: StatusProps): TemplateResult | typeof nothing {
  const s = p.status;
  if (p.closed || (s.kind === 'failed' && s.reason === 'room-closed')) return panel('room-closed', 'This room has closed', 'Thanks for watching.');
  if (s.kind === 'failed') {
    if (s.reason === 'token-expired' || s.reason === 'token-invalid')
      return panel('token-expired', 'Your link has expired', 'Get a fresh one to keep watching.', html`<button class="action" @click=${p.onNewToken}>Rejoin</button>`);
    if (s.reason === 'room-not-found') return panel('room-not-found', 'No such room', 'Check the link you were given.');
    if (s.reason === 'kicked') return panel('kicked', 'You were removed from this room', 'A host removed you; this link no longer joins the room.');
    return panel('protocol', 'Something went wrong', `The server closed the connection (${s.code}).`);
  }
  if (s.kind === 'reconnecting' && s.attempt >= 2) {
    const left = Math.max(0, Math.ceil((s.retryAt - p.now) / 1000));
    return panel('unreachable', 'Server unreachable', `Retrying in ${left} s…`, html`<button class="action" @click=${p.onRetry}>Retry now</button>`);
  }
  return nothing;
}

function panel(kind: string, title: string, text: string, action?: TemplateResult): TemplateResult {
  return html`<div class="error-panel ${kind}" role="alertdialog" aria-label=${title}><h2>${title}</h2><p>${text}</p>${action ?? nothing}</div>`;
}
