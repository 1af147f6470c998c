/**
 * A short, human rendering of a story condition for an edge label on the map:
 * `trust > 0`, `keycard or level == 2`, `role in [spy, thief]`. Labels sit on
 * edges between cards, so anything longer than `max` characters becomes `if …`
 * rather than a label that runs across its neighbours.
 */
import type { Condition, Operand } from '../../../engine/story.ts';

const COMPARISONS = ['==', '!=', '<', '<=', '>', '>='] as const;

export function conditionText(condition: Condition, max = 28): string {
  const text = render(condition, 0);
  return text !== null && text.length <= max ? text : 'if …';
}

/** Null when the condition is not something the format allows (a draft may be half-typed). */
function render(c: Condition | Operand | undefined, depth: number): string | null {
  if (depth > 6) return null;
  if (typeof c === 'number' || typeof c === 'boolean') return String(c);
  if (typeof c === 'string') return JSON.stringify(c);
  if (c === null || typeof c !== 'object' || Array.isArray(c)) return null;
  const entries = Object.entries(c);
  if (entries.length !== 1) return null;
  const [op, arg] = entries[0] as [string, unknown];
  if (op === 'var') return typeof arg === 'string' ? arg : null;
  if (op === 'not') {
    const inner = render(arg as Condition, depth + 1);
    return inner === null ? null : `not ${wrap(arg, inner)}`;
  }
  if ((op === 'and' || op === 'or') && Array.isArray(arg)) {
    const parts = arg.map((x) => {
      const inner = render(x as Condition, depth + 1);
      return inner === null ? null : wrap(x, inner);
    });
    return parts.includes(null) || parts.length === 0 ? null : parts.join(` ${op} `);
  }
  if ((COMPARISONS as readonly string[]).includes(op) && Array.isArray(arg) && arg.length === 2) {
    const [a, b] = [render(arg[0] as Operand, depth + 1), render(arg[1] as Operand, depth + 1)];
    return a === null || b === null ? null : `${a} ${op} ${b}`;
  }
  if (op === 'in' && Array.isArray(arg) && arg.length === 2) {
    const needle = render(arg[0] as Operand, depth + 1);
    const hay = Array.isArray(arg[1]) ? `[${(arg[1] as unknown[]).map((x) => (typeof x === 'string' ? x : String(x))).join(', ')}]` : render(arg[1] as Operand, depth + 1);
    return needle === null || hay === null ? null : `${needle} in ${hay}`;
  }
  return null;
}

/** Parenthesises a nested and/or so `a and (b or c)` keeps its meaning. */
function wrap(source: unknown, text: string): string {
  const compound = source !== null && typeof source === 'object' && !Array.isArray(source) && ('and' in source || 'or' in source);
  return compound ? `(${text})` : text;
}
