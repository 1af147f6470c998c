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
    <h2>${c.prompt ?? 'What happens next?'} <span class="countdown" aria-live="off">${status}</span></h2>
    <div class="options">
      ${c.options.map((o) => {
        const n = c.counts[o.id] ?? 0;
        const share = c.total ? Math.round((n / c.total) * 100) : 0;
        return html`<button class="option ${p.mine === o.id ? 'mine' : ''} ${c.winner === o.id ? 'winner' : ''}" data-option=${o.id}
          ?disabled=${!!c.winner || !p.canAct} aria-pressed=${p.mine === o.id ? 'true' : 'false'}
          aria-label=${p.solo ? o.label : `${o.label}: ${n} vote${n === 1 ? '' : 's'}`} @click=${() => p.onPick(o.id)}
          @pointerenter=${() => p.onLean?.(o.id)} @focus=${() => p.onLean?.(o.id)}>
          ${p.solo ? nothing : html`<span class="bar" style="width:${share}%"></span>`}<span class="label">${o.label}</span>${p.solo ? nothing : html`<span class="count">${n}</span>`}
        </button>`;
      })}
    </div>
  </section>`;
}
