/** The open choice: options with live tally bars and a countdown to the close. */
import { html, nothing, type TemplateResult } from 'lit';
import type { ChoiceView } from '../sync/room-model.ts';

export interface VotePanelProps {
  choice: ChoiceView | null;
  /** Room media position (s) now. */
  position: number;
  rate: number;
  mine: string | undefined;
  canAct: boolean;
  /** A solo viewer: no tally, their pick decides. */
  solo?: boolean;
  onPick: (option: string) => void;
  /** The viewer leans towards an option (hover or focus): a hint for prefetch. */
  onLean?: (option: string) => void;
}

export function votePanel(p: VotePanelProps): TemplateResult | typeof nothing {
  const c = p.choice;
  if (!c) return nothing;
  const left = Math.max(0, Math.ceil((c.closes - p.position) / (p.rate || 1)));
  const status = c.winner ? `Decided: ${c.options.find((o) => o.id === c.winner)?.label ?? c.winner}` : c.mode === 'host' && !p.canAct ? 'The host decides' : `${left} s left`;
  return html`<section class="panel vote" role="group" aria-label=${c.prompt ?? 'Choose what happens next'} data-nav="row">
    <h2>${c.prompt ?? 'What happens next?'} <span class="countdown" aria-hidden="true">${status}</span></h2>
    <p class="sr-only" aria-live="polite">${c.winner || (c.mode === 'host' && !p.canAct) ? status : spokenTimeLeft(left)}</p>
    <div class="options">
      ${c.options.map((o) => {
        const n = c.counts[o.id] ?? 0;
        const share = c.total ? Math.round((n / c.total) * 100) : 0;
        return html`<button class="option ${p.mine === o.id ? 'mine' : ''} ${c.winner === o.id ? 'winner' : ''}" data-option=${o.id}
          ?disabled=${!!c.winner || !p.canAct} aria-pressed=${p.mine === o.id ? 'true' : 'false'}
          @click=${() => p.onPick(o.id)} @pointerenter=${() => p.onLean?.(o.id)} @focus=${() => p.onLean?.(o.id)}>
          ${p.solo ? nothing : html`<span class="bar" style="width:${share}%"></span>`}<span class="label">${o.label}</span>${p.solo ? nothing : html`<span class="sr-only">: </span><span class="count">${n}</span><span class="sr-only"> vote${n === 1 ? '' : 's'}</span>`}
        </button>`;
      })}
    </div>
  </section>`;
}

/**
 * What the polite live region says about the time left. The visible countdown
 * ticks every second; a screen reader would be talked over, so the spoken
 * text changes only when a milestone (a minute, 30, 10, 5 s) is passed, and
 * says "less than" so it stays true until the next one.
 */
export function spokenTimeLeft(left: number): string {
  if (left <= 0) return 'Time is up';
  if (left > 60) return `Less than ${Math.ceil(left / 60)} minutes left to choose`;
  const milestone = [5, 10, 30, 60].find((m) => left <= m) ?? 60;
  return `Less than ${milestone} seconds left to choose`;
}
