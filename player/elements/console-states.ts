/**
 * The console's designed states, in a host's words rather than a viewer's:
 * connecting (before the room's first snapshot), server unreachable (with
 * the retry countdown), and the dead ends: the host link refused, no such
 * room, the room closed. A dead end replaces the console, since none of its
 * buttons can work; the others sit above it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { SessionStatus } from '../../client/session/session-types.ts';

export type ConsoleState =
  | { kind: 'live' }
  | { kind: 'connecting' }
  | { kind: 'unreachable'; retryInS: number }
  | { kind: 'bad-token' | 'no-room' | 'closed' | 'protocol'; code?: number };

/** `hasRoom`: a snapshot arrived (the console has something to show). */
export function consoleState(status: SessionStatus, closed: boolean, hasRoom: boolean, now: number): ConsoleState {
  if (closed || (status.kind === 'failed' && status.reason === 'room-closed')) return { kind: 'closed' };
  if (status.kind === 'failed') {
    if (status.reason === 'token-expired' || status.reason === 'token-invalid') return { kind: 'bad-token' };
    if (status.reason === 'room-not-found') return { kind: 'no-room' };
    return { kind: 'protocol', code: status.code };
  }
  if (status.kind === 'reconnecting') return { kind: 'unreachable', retryInS: Math.max(0, Math.ceil((status.retryAt - now) / 1000)) };
  if (!hasRoom) return { kind: 'connecting' };
  return { kind: 'live' };
}

export function isDeadEnd(s: ConsoleState): boolean {
  return s.kind === 'bad-token' || s.kind === 'no-room' || s.kind === 'closed' || s.kind === 'protocol';
}

const HOME = html`<a class="button" href="/">Create a room on the home page</a>`;

/** The full-size panel for a dead end. */
export function deadEndPanel(s: ConsoleState): TemplateResult | typeof nothing {
  switch (s.kind) {
    case 'bad-token': return panel('bad-token', 'This host link does not work', 'The server refused its host token: it has expired, or it is not for this room. Open the host link you got when the room was created, or create a new room.', HOME);
    case 'no-room': return panel('no-room', 'No such room', 'The server does not know this room: check the link, or create a new room.', HOME);
    case 'closed': return panel('closed', 'This room has closed', 'Nobody can join it or act in it any more. Its log and analytics stay on the server.', HOME);
    case 'protocol': return panel('protocol', 'The console lost the room', `The server closed the connection (code ${s.code ?? '?'}). Reload the page to try again.`, html`<button class="action" @click=${() => location.reload()}>Reload</button>`);
    default: return nothing;
  }
}

/** A line above the console while it waits for the room. */
export function waitingBanner(s: ConsoleState, onRetry: () => void): TemplateResult | typeof nothing {
  if (s.kind === 'connecting') return html`<p class="banner connecting" role="status"><span class="spinner" aria-hidden="true"></span>Connecting to the room…</p>`;
  if (s.kind === 'unreachable') {
    return html`<div class="banner unreachable" role="alert"><span>Server unreachable: retrying in ${s.retryInS} s. Your buttons work again once it answers.</span><button class="action" @click=${onRetry}>Retry now</button></div>`;
  }
  return nothing;
}

function panel(kind: string, title: string, text: string, action: TemplateResult): TemplateResult {
  return html`<section class="dead-end ${kind}" role="alert" aria-labelledby="dead-end-title"><h2 id="dead-end-title">${title}</h2><p>${text}</p>${action}</section>`;
}
