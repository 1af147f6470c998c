/**
 * Which node a diagnostic is about: its JSON Pointer starts with `/nodes/<id>`
 * (RFC 6901: `~1` is `/`, `~0` is `~`, decoded in that order). The map counts
 * them per node for the card badges.
 */
import type { Diagnostic, Severity } from '../../../engine/diagnostic.ts';

/** The node id a JSON Pointer points into, or null (story-level paths like `/start`). */
export function nodeOfPointer(path: string): string | null {
  if (!path.startsWith('/nodes/')) return null;
  const end = path.indexOf('/', 7);
  const token = end === -1 ? path.slice(7) : path.slice(7, end);
  // `~1` first would turn `~01` into `~1` and then `/`: RFC 6901 says `~1` → `/` then `~0` → `~`.
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export interface NodeProblems {
  errors: number;
  warnings: number;
  /** The worst severity present. */
  worst: Severity;
  /** The messages, for the card's tooltip and aria label. */
  messages: string[];
}

export function problemsByNode(diagnostics: readonly Diagnostic[]): Map<string, NodeProblems> {
  const out = new Map<string, NodeProblems>();
  for (const d of diagnostics) {
    const id = nodeOfPointer(d.path);
    if (id === null) continue;
    const p = out.get(id) ?? { errors: 0, warnings: 0, worst: 'warning', messages: [] };
    if (d.severity === 'error') {
      p.errors++;
      p.worst = 'error';
    } else p.warnings++;
    p.messages.push(d.message);
    out.set(id, p);
  }
  return out;
}

/** "2 errors, 1 warning" */
export function problemsText(p: NodeProblems): string {
  const part = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [p.errors ? part(p.errors, 'error') : '', p.warnings ? part(p.warnings, 'warning') : ''].filter(Boolean).join(', ');
}
