import { readFile } from 'node:fs/promises';

export type CommentFilter = (text: string) => { ok: true; text: string } | { ok: false; reason: string };

/**
 * The default word-filter hook: each listed word (case-insensitive, whole
 * word, Unicode-aware) is masked with asterisks; a comment that is nothing
 * but masked words is refused. Operators who need more (a moderation
 * service, language models) pass their own CommentFilter instead.
 */
export function createWordFilter(words: readonly string[]): CommentFilter {
  const cleaned = words.map((w) => w.trim()).filter((w) => w.length > 0 && !w.startsWith('#'));
  if (cleaned.length === 0) return (text) => ({ ok: true, text });
  const escaped = cleaned.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${escaped.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  return (text) => {
    const masked = text.replace(pattern, (word) => '*'.repeat([...word].length));
    if (masked !== text && masked.replace(/[\s*]/g, '') === '') return { ok: false, reason: 'comment refused by the word filter' };
    return { ok: true, text: masked };
  };
}

/** Reads a word list (one word per line, `#` comments) for `--word-filter FILE`. */
export async function loadWordFilter(file: string): Promise<CommentFilter> {
  return createWordFilter((await readFile(file, 'utf8')).split(/\r?\n/));
}
