/** The preview dialog: the solo player on the draft, from a chosen node, with variables set by hand, or along the path to an ending. */
import { html, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { ref } from 'lit/directives/ref.js';
import type { EndingPath } from '../../engine/paths.ts';
import type { Scalar, Story } from '../../engine/story.ts';
import { defaultText } from '../../engine/text.ts';
import type { BranchcastPlayer } from '../elements/branchcast-player.ts';
import { parseScalar } from './inspector/story-inspector.ts';
import { autopilot, endingPaths, previewStory } from './studio-preview.ts';
import '../elements/branchcast-player.ts';

export interface PreviewState {
  start: string;
  vars: Record<string, Scalar>;
  /** Played along this path by the autopilot, or freely. */
  path: EndingPath | null;
  /** A new key mounts a fresh player (a new run). */
  key: number;
}

export interface PreviewActions {
  close: () => void;
  restart: (state: PreviewState) => void;
}

let stopPilot: (() => void) | null = null;

export function previewDialog(p: PreviewState, story: Story, act: PreviewActions): TemplateResult {
  const draft = previewStory(story, p.start, p.vars);
  const paths = endingPaths(draft);
  const mount = (el: Element | undefined): void => {
    stopPilot?.();
    stopPilot = null;
    if (el && p.path) stopPilot = autopilot(el as BranchcastPlayer, p.path);
  };
  return html`<div class="preview-dialog" role="dialog" aria-label="Preview">
    <header><h2>Preview from ${defaultText(story.nodes[p.start]?.title ?? p.start, story)}</h2><button class="close-preview" @click=${() => { stopPilot?.(); act.close(); }}>Close preview</button></header>
    ${keyed(p.key, html`<branchcast-player mode="solo" .draft=${draft} ${ref(mount)}></branchcast-player>`)}
    <form class="preview-vars" @submit=${(e: Event) => {
      e.preventDefault();
      const form = e.target as HTMLFormElement;
      const vars = Object.fromEntries(Object.keys(p.vars).map((k) => [k, parseScalar((form.elements.namedItem(k) as HTMLInputElement).value)]));
      act.restart({ ...p, vars, path: null, key: Date.now() });
    }}>
      ${Object.entries(p.vars).map(([k, v]) => html`<label>${k} <input name=${k} .value=${String(v)}></label>`)}
      <button type="submit">Restart with these values</button>
    </form>
    <ol class="paths" aria-label="Shortest path to each ending">
      ${paths.map((path) => html`<li><button class="play-path" data-ending=${path.ending} @click=${() => act.restart({ ...p, path, key: Date.now() })}>
        Play the way to “${path.title}”</button> <span>${path.nodes.join(' → ')}</span></li>`)}
    </ol>
  </div>`;
}
