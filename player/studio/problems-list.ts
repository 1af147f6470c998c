/** Every diagnostic of the draft, errors first; choosing one jumps to the node and field it points at. */
import { html, type TemplateResult } from 'lit';
import type { Diagnostic } from '../../engine/diagnostic.ts';

/** The node a JSON Pointer is under (`/nodes/<id>/…`), or null for story-level paths. */
export function nodeOfPath(path: string): string | null {
  const m = /^\/nodes\/([^/]+)/.exec(path);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : null;
}

export function problemsList(diagnostics: readonly Diagnostic[], onPick: (d: Diagnostic) => void): TemplateResult {
  const sorted = [...diagnostics].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = sorted.filter((d) => d.severity === 'error').length;
  return html`<section class="problems" aria-label="Problems">
    <h2>${errors === 0 ? 'No errors' : `${errors} error${errors === 1 ? '' : 's'}`}${sorted.length > errors ? `, ${sorted.length - errors} warning${sorted.length - errors === 1 ? '' : 's'}` : ''}</h2>
    <ul>${sorted.map((d) => html`<li class=${d.severity}><button type="button" class="problem" data-path=${d.path} @click=${() => onPick(d)}>
      <span class="code">${d.code}</span> ${d.message} <span class="path">${nodeOfPath(d.path) ?? d.path}</span></button></li>`)}</ul>
  </section>`;
}
