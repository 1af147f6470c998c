/**
 * What each of the host's buttons and keys did: every command goes in as
 * "sent", then becomes "acknowledged" (the server applied it: ACK) or
 * "refused" with the server's reason (a CommandError's code and message), so
 * a host never wonders whether a click took. Newest first, last 50 kept.
 */
import { html, type TemplateResult } from 'lit';
import type { RoomCommand } from '../../engine/room/room-types.ts';
import type { RoomModel } from '../sync/room-model.ts';
import { CommandError } from '../../client/session/session-types.ts';

export type ActionState = 'sent' | 'acknowledged' | 'refused';

export interface ActionEntry {
  id: number;
  /** Wall-clock time it was sent, for the host to read. */
  at: Date;
  label: string;
  state: ActionState;
  /** Why it was refused, or the room version an ACK reached. */
  detail: string;
}

const KEEP = 50;

/** Plain words for the protocol's error codes. */
const REASONS: Record<string, string> = {
  'not-allowed': 'not allowed',
  'bad-state': 'not possible now',
  invalid: 'invalid',
  'rate-limited': 'too many at once',
  internal: 'server error',
  disconnected: 'not sent: disconnected',
};

export class ActionLog {
  entries: ActionEntry[] = [];
  #next = 1;

  constructor(private readonly changed: () => void) {}

  /** Runs `send` and records its outcome; resolves true on ACK. */
  async record(label: string, send: () => Promise<{ version: number }>): Promise<boolean> {
    const id = this.#next++;
    this.entries = [{ id, at: new Date(), label, state: 'sent' as const, detail: '' }, ...this.entries].slice(0, KEEP);
    this.changed();
    try {
      const ack = await send();
      this.#settle(id, 'acknowledged', `room v${ack.version}`);
      return true;
    } catch (e) {
      this.#settle(id, 'refused', refusalText(e));
      return false;
    }
  }

  #settle(id: number, state: ActionState, detail: string): void {
    this.entries = this.entries.map((e) => (e.id === id ? { ...e, state, detail } : e));
    this.changed();
  }
}

export function refusalText(e: unknown): string {
  if (e instanceof CommandError) return `${REASONS[e.code] ?? e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

/** "Play", "Seek to 12.0 s", "Force “Crack the vault”"… (names from the room as the host sees it). */
export function commandLabel(cmd: RoomCommand, room: Pick<RoomModel, 'choice' | 'quizzes'> | null): string {
  const choice = room?.choice;
  switch (cmd.type) {
    case 'play': return 'Play';
    case 'pause': return 'Pause';
    case 'seek': return `Seek to ${cmd.position.toFixed(1)} s`;
    case 'choose': return `Force “${choice?.options.find((o) => o.id === cmd.option)?.label ?? cmd.option}”`;
    case 'push-quiz': return `Push quiz “${cmd.quiz.prompt}”`;
    case 'close-quiz': return `Close quiz “${room?.quizzes.find((q) => q.quiz === cmd.quiz)?.prompt ?? cmd.quiz}”`;
    default: return cmd.type;
  }
}

export function actionLogView(entries: readonly ActionEntry[]): TemplateResult {
  return html`<section class="card actions-card" aria-labelledby="log-title"><h2 id="log-title">What your buttons did</h2>
    ${entries.length === 0
      ? html`<p class="empty">Nothing yet: each button or shortcut you use shows here, with the server's answer.</p>`
      : html`<div class="log-scroll" role="log" aria-live="polite" aria-labelledby="log-title" tabindex="0"><ol class="action-log">${entries.map((e) => html`<li class="log-entry ${e.state}" data-state=${e.state}>
          <time>${e.at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}</time>
          <span class="what">${e.label}</span>
          <span class="outcome">${e.state === 'sent' ? 'sent…' : e.state}${e.detail ? html`<span class="detail">: ${e.detail}</span>` : ''}</span>
        </li>`)}</ol></div>`}
  </section>`;
}
