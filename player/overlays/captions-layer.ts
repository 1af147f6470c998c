/** Captions over the video (bottom centre, raised above an open vote) and the caption language menu. */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { Captions } from '../../engine/story.ts';
import type { VttCue } from '../../engine/webvtt.ts';
import { cuePlainText } from '../captions/caption-tracks.ts';

export interface CaptionsLayerProps {
  /** The node's caption tracks; no tracks, no menu. */
  tracks: readonly Captions[];
  /** The track showing, undefined when captions are off. */
  track: Captions | undefined;
  cues: readonly VttCue[];
  /** A vote panel sits at the bottom: captions move up so neither hides the other. */
  raised: boolean;
  onChoose: (lang: string) => void;
}

export function captionsLayer(p: CaptionsLayerProps): TemplateResult | typeof nothing {
  if (p.tracks.length === 0) return nothing;
  const value = p.track?.lang ?? 'off';
  // A real <select>: keyboard and screen readers know how to use it without help.
  return html`<label class="captions-menu">
      <span aria-hidden="true">CC</span>
      <select aria-label="Captions language" .value=${value} @change=${(e: Event) => p.onChoose((e.target as HTMLSelectElement).value)}>
        ${p.tracks.map((t) => html`<option value=${t.lang} lang=${t.lang} ?selected=${t.lang === value}>${t.label}</option>`)}
        <option value="off" ?selected=${value === 'off'}>Off</option>
      </select>
    </label>
    ${p.track && p.cues.length > 0
      ? html`<div class="captions ${p.raised ? 'raised' : ''}" lang=${p.track.lang} data-lang=${p.track.lang}>
          ${p.cues.map((c) => html`<p class="cue">${cuePlainText(c.text)}</p>`)}
        </div>`
      : nothing}`;
}

export const captionsStyles = css`
  .captions { position: absolute; left: 50%; bottom: 16px; transform: translateX(-50%); max-width: 86%; z-index: 3; pointer-events: none; text-align: center; }
  .captions.raised { bottom: calc(12px + 9em); }
  .captions .cue { display: inline-block; margin: 2px 0; padding: 2px 10px; background: #000c; color: #fff; font-size: clamp(14px, 3.2cqw, 26px); line-height: 1.35; white-space: pre-line; border-radius: 4px; }
  .captions .cue + .cue { display: block; width: fit-content; margin-inline: auto; }
  .captions-menu { position: absolute; top: 8px; right: 8px; z-index: 5; display: flex; align-items: center; gap: 4px; background: #000a; border-radius: 10px; padding: 2px 6px; font-size: 12px; }
  .captions-menu select { font: inherit; color: inherit; background: #1d2230; border: 1px solid #39415a; border-radius: 6px; padding: 1px 4px; }
`;
