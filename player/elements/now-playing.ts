/**
 * The console's "now" views: the live node with a timeline of the position
 * within it (and where the open choice closes), and the open choice with its
 * countdown, live tally bars and a Force button per option.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Story } from '../../engine/story.ts';
import { defaultText } from '../../engine/text.ts';
import type { ChoiceView } from '../sync/room-model.ts';

export interface NowProps {
  node: string;
  story: Story | null;
  position: number;
  duration: number;
  playing: boolean;
  ended: string | null;
  choice: ChoiceView | null;
}

export function nowPlaying(p: NowProps): TemplateResult {
  const n = p.story?.nodes[p.node];
  const title = n?.title !== undefined && p.story ? defaultText(n.title, p.story) : '';
  const share = p.duration > 0 ? Math.min(100, (p.position / p.duration) * 100) : 0;
  const closesAt = p.choice && !p.choice.winner && p.duration > 0 ? Math.min(100, (p.choice.closes / p.duration) * 100) : null;
  return html`<section class="card now" aria-labelledby="now-title">
    <h2 id="now-title">Now ${p.ended ? 'ended' : p.playing ? 'playing' : 'paused'}: <span class="node-title">${title || p.node || '…'}</span> ${title ? html`<code class="node-id">${p.node}</code>` : nothing}</h2>
    <div class="timeline" role="meter" aria-label="Position in this scene" aria-valuemin="0" aria-valuemax=${p.duration} aria-valuenow=${p.position.toFixed(1)} aria-valuetext=${`${p.position.toFixed(1)} of ${p.duration} seconds`}>
      <span class="played" style=${`width:${share}%`}></span>
      ${closesAt === null ? nothing : html`<span class="cue" style=${`left:${closesAt}%`} title="The choice closes here"></span>`}
    </div>
    <p class="time" aria-hidden="true">${p.position.toFixed(1)} s / ${p.duration} s${p.ended ? ` · ending: ${p.ended}` : ''}</p>
  </section>`;
}

export interface ChoiceProps {
  choice: ChoiceView | null;
  position: number;
  rate: number;
  onForce: (option: string) => void;
}

/** Seconds until the choice closes, as the vote panel counts them (media time ÷ rate). */
export function secondsLeft(c: ChoiceView, position: number, rate: number): number {
  return Math.max(0, Math.ceil((c.closes - position) / (rate || 1)));
}

export function choiceCard(p: ChoiceProps): TemplateResult {
  const c = p.choice;
  if (!c) return html`<section class="card choice" aria-labelledby="choice-title"><h2 id="choice-title">Choice</h2><p class="empty">No choice is open. Its countdown and live votes appear here when the story reaches one.</p></section>`;
  const max = Math.max(1, ...Object.values(c.counts));
  const left = secondsLeft(c, p.position, p.rate);
  const state = c.winner ? `decided: ${c.options.find((o) => o.id === c.winner)?.label ?? c.winner}` : left > 0 ? `closes in ${left} s` : 'closing…';
  return html`<section class="card tally" aria-labelledby="choice-title"><h2 id="choice-title">${c.prompt ?? 'Choice'} <small>(${modeText(c.mode)})</small></h2>
    <p class="countdown-line"><strong class="countdown" aria-hidden="true">${state}</strong> · ${c.total} vote${c.total === 1 ? '' : 's'}</p>
    ${c.options.map((o, i) => html`<div class="tally-row" data-option=${o.id}>
      <span class="name"><kbd aria-hidden="true">${i + 1}</kbd> ${o.label}</span>
      <span class="track" aria-hidden="true"><span class="fill" style="width:${((c.counts[o.id] ?? 0) / max) * 100}%"></span></span>
      <span class="n">${c.counts[o.id] ?? 0}</span>
      <button ?disabled=${!!c.winner} aria-label=${`Force ${o.label}`} @click=${() => p.onForce(o.id)}>Force</button>
    </div>`)}
  </section>`;
}

function modeText(mode: string): string {
  return mode === 'vote' ? 'the audience votes' : mode === 'host' ? 'you decide' : mode === 'timer' ? 'its timer decides' : mode;
}
