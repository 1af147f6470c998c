/**
 * Danmaku: each comment flies across one of four lanes for 6 s starting at
 * its media time. The CSS animation is started with a negative delay equal to
 * how far into its flight the comment already is, so late joiners and seeks
 * show it at the right place.
 */
import { html, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CommentView } from '../sync/room-model.ts';

export const DANMAKU = { flightS: 6, lanes: 4 } as const;

export function onScreenComments(all: CommentView[], pos: number): CommentView[] {
  return all.filter((c) => pos >= c.at && pos < c.at + DANMAKU.flightS);
}

export function danmakuLayer(comments: CommentView[], pos: number, paused: boolean): TemplateResult {
  return html`<div class="danmaku" aria-label="Comments" role="log">
    ${repeat(comments, (c) => c.id, (c) => html`<div class="comment" data-comment=${c.id} data-at=${c.at}
      style="top:${lane(c.id) * 12 + 4}%;animation-delay:${-(pos - c.at)}s;animation-play-state:${paused ? 'paused' : 'running'}">${c.text}</div>`)}
  </div>`;
}

function lane(id: string): number {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return Math.abs(h) % DANMAKU.lanes;
}
