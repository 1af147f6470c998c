/** The nodes as a list beside the map: every node reachable by keyboard and screen reader, with its problem count. */
import { html, type TemplateResult } from 'lit';
import type { Diagnostic } from '../../engine/diagnostic.ts';
import { pointer } from '../../engine/json-pointer.ts';
import type { Story } from '../../engine/story.ts';
import { defaultText } from '../../engine/text.ts';
import { diagnosticsAt } from './story-draft.ts';

export function nodeList(story: Story, diagnostics: readonly Diagnostic[], selected: string | null, onSelect: (id: string | null) => void): TemplateResult {
  return html`<nav class="node-list" aria-label="Nodes">
    <button type="button" class="story-settings" aria-pressed=${selected === null ? 'true' : 'false'} @click=${() => onSelect(null)}>Story settings</button>
    <ul>${Object.entries(story.nodes).map(([id, node]) => {
      const found = diagnosticsAt(diagnostics, pointer('nodes', id));
      const errors = found.filter((d) => d.severity === 'error').length;
      const kind = id === story.start ? 'start' : node.ending ? 'ending' : node.choice ? 'choice' : 'next';
      return html`<li><button type="button" class="node-item ${errors ? 'has-errors' : ''}" data-node=${id} aria-pressed=${selected === id ? 'true' : 'false'} @click=${() => onSelect(id)}>
        <span class="kind ${kind}">${kind}</span> ${node.title === undefined ? id : defaultText(node.title, story)} <code>${id}</code>
        ${found.length ? html`<span class="badge ${errors ? 'error' : 'warning'}" aria-label=${`${found.length} problem${found.length === 1 ? '' : 's'}`}>${found.length}</span>` : ''}
      </button></li>`;
    })}</ul>
  </nav>`;
}
