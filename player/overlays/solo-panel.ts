/**
 * What a solo viewer has that a room viewer does not: the big play button
 * (playback starts on their click), the ending card with "play again" and
 * "go back to my last choice", and the path strip below the video, from
 * which any revisitable choice on their path can be taken again.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { RevisitPoint } from '../solo/solo-path.ts';

export interface SoloPanelProps {
  playing: boolean;
  /** The ending's title once the run has ended, else null. */
  ending: string | null;
  points: RevisitPoint[];
  notice: string | null;
  error: string | null;
  /** Nothing has been played yet (start) rather than paused midway (resume). */
  fresh: boolean;
  /** Media seconds into the current scene, and its length, for the scrub bar. */
  position: number;
  duration: number;
  onPlay: () => void;
  onPause: () => void;
  onSeek: (seconds: number) => void;
  onBack: (point: RevisitPoint) => void;
  onAgain: () => void;
  onDismissNotice: () => void;
  /** Carry on on another device: the element shows the link. Absent for a run that cannot be carried (a preview). */
  onShare?: (() => void) | undefined;
}

/** Inside the stage: play button, ending card, notices. */
export function soloStage(p: SoloPanelProps): TemplateResult | typeof nothing {
  if (p.error) return html`<div class="error-panel story-error" role="alertdialog" aria-label="Cannot play"><h2>Cannot play this story</h2><p>${p.error}</p></div>`;
  const last = p.points.at(-1);
  return html`
    ${p.notice ? html`<div class="toast solo-notice" role="status"><div class="message">${p.notice}</div><div><button class="action" @click=${p.onDismissNotice}>OK</button></div></div>` : nothing}
    ${p.ending
      ? html`<div class="solo-ending" role="dialog" aria-label="The end">
          <h2>The end: ${p.ending}</h2>
          <div class="solo-actions">
            <button class="action again" @click=${p.onAgain}>Play again</button>
            ${last ? html`<button class="action back-last" @click=${() => p.onBack(last)}>Go back to my last choice</button>` : nothing}
          </div>
        </div>`
      : !p.playing
        ? html`<button class="solo-play" @click=${p.onPlay}><span aria-hidden="true">▶ </span>${p.fresh ? 'Play' : 'Continue'}</button>`
        : nothing}`;
}

/** Below the stage: pause, the scrub bar (within the scene: choices are made, not skipped) and the path strip. */
export function soloBar(p: SoloPanelProps): TemplateResult | typeof nothing {
  if (p.error) return nothing;
  return html`<nav class="solo-bar" aria-label="Your path">
    ${p.playing && !p.ending ? html`<button class="pause" @click=${p.onPause} aria-label="Pause">❚❚</button>` : nothing}
    ${p.duration > 0 ? html`<input class="scrub" type="range" min="0" max=${p.duration} step="0.1" .value=${String(Math.min(p.duration, Math.max(0, p.position)))}
      aria-label="Position in this scene" aria-valuetext=${`${Math.floor(p.position)} of ${Math.round(p.duration)} seconds`}
      @change=${(e: Event) => p.onSeek(Number((e.target as HTMLInputElement).value))}>` : nothing}
    ${p.onShare ? html`<button class="share" @click=${p.onShare}>Continue on another device</button>` : nothing}
    <ol class="path">
      ${p.points.map((point, i) => html`<li><button class="revisit" data-node=${point.node} data-at=${point.at}
        @click=${() => p.onBack(point)}><span aria-hidden="true">↩ </span><span class="sr-only">Go back to choice ${i + 1}: </span>${point.label}: <b>${point.picked}</b></button></li>`)}
    </ol>
  </nav>`;
}

export const soloStyles = css`
  .solo-play { position: absolute; left: 50%; top: 50%; transform: translate(-50%, -50%); z-index: 5; font-size: 22px; padding: 14px 28px; background: var(--accent); color: #000; border: 0; border-radius: 40px; }
  .solo-ending { position: absolute; inset: 0; z-index: 6; background: #000c; display: flex; flex-direction: column; align-items: center; justify-content: center; text-align: center; }
  .solo-actions { display: flex; gap: 12px; flex-wrap: wrap; justify-content: center; }
  .solo-bar { display: flex; gap: 8px; align-items: center; margin-top: 8px; flex-wrap: wrap; }
  .solo-bar .share { padding: 8px 12px; background: #1d2230; border: 1px solid #39415a; border-radius: 6px; font-size: 13px; }
  .solo-bar .pause { padding: 8px 14px; background: #2c3550; border: 1px solid #39415a; border-radius: 6px; }
  .scrub { flex: 1 1 200px; accent-color: var(--accent); }
  .path { display: flex; gap: 6px; flex-wrap: wrap; list-style: none; margin: 0; padding: 0; }
  .revisit { padding: 6px 10px; background: #1d2230; border: 1px solid #39415a; border-radius: 16px; font-size: 13px; }
`;
