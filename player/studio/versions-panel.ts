/** The story's saved versions, newest first: what changed since each (against the current one), and restoring one as a new version. */
import { html, nothing, type TemplateResult } from 'lit';
import type { StoryDiff, VersionInfo } from './studio-api.ts';

export interface VersionsState {
  list: VersionInfo[];
  /** The diff shown, from a version to the current one. */
  diff: StoryDiff | null;
}

export interface VersionsActions {
  showDiff: (version: string) => void;
  restore: (version: string) => void;
  close: () => void;
}

export function versionsPanel(state: VersionsState, current: string | null, act: VersionsActions): TemplateResult {
  return html`<section class="versions" aria-label="Versions">
    <header><h2>Versions</h2><button class="close-versions" @click=${act.close}>Close</button></header>
    <ol>${state.list.map((v) => html`<li class="version" data-version=${v.version}>
      <span>${v.savedAt ? new Date(v.savedAt).toLocaleString() : 'as shipped'}</span>
      <span>${v.savedByName ?? v.savedBy ?? ''}</span> <span>“${v.title ?? ''}”, ${v.nodes ?? '?'} nodes</span>
      ${`"${v.version}"` === current || v.version === current
        ? html`<strong>current</strong>`
        : html`<button class="diff" @click=${() => act.showDiff(v.version)}>What changed since</button>
               <button class="restore" @click=${() => act.restore(v.version)}>Restore</button>`}
    </li>`)}</ol>
    ${state.diff ? diffView(state.diff) : nothing}
  </section>`;
}

function diffView(d: StoryDiff): TemplateResult {
  const none = !d.nodesAdded.length && !d.nodesRemoved.length && !d.nodesChanged.length && !d.storyFieldsChanged.length;
  return html`<div class="diff-view" role="status">
    <h3>Since that version</h3>
    ${none ? html`<p>Nothing changed.</p>` : html`<ul>
      ${d.nodesAdded.length ? html`<li>Nodes added: ${d.nodesAdded.join(', ')}</li>` : nothing}
      ${d.nodesRemoved.length ? html`<li>Nodes removed: ${d.nodesRemoved.join(', ')}</li>` : nothing}
      ${d.nodesChanged.map((c) => html`<li>${c.id}: ${c.fields.join(', ')} changed</li>`)}
      ${d.storyFieldsChanged.length ? html`<li>Story: ${d.storyFieldsChanged.join(', ')} changed</li>` : nothing}
    </ul>`}
  </div>`;
}
