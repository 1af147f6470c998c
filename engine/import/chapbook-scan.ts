import type { UnmappedItem } from './twine-items.ts';

/**
 * Chapbook keeps its logic outside the link syntax: a vars section above a
 * `--` line, `[modifier]` lines and `{insert}`s. None of them is mapped yet,
 * so each is reported rather than dropped with the prose.
 */
export function chapbookItems(text: string): UnmappedItem[] {
  const out: UnmappedItem[] = [];
  const item = (what: string, at: number, reason: string): UnmappedItem => ({ kind: 'unmapped', code: 'unmapped-macro', what, at, hidden: [], reason });
  const divider = /^--$/m.exec(text);
  if (divider) out.push(item('the vars section', 0, 'Chapbook variables are not mapped'));
  for (const m of text.matchAll(/^\[([^[\]\n]+)\][ \t]*$/gm)) out.push(item(`[${m[1]}]`, m.index, 'Chapbook modifiers are not mapped'));
  for (const m of text.matchAll(/\{[^{}\n]+\}/g)) out.push(item(m[0].slice(0, 40), m.index, 'Chapbook inserts are not mapped'));
  return out.sort((a, b) => a.at - b.at);
}
