/** Compiled patterns by word list, so a busy room does not rebuild its regex for every comment. */
const patterns = new Map<string, RegExp>();
const MAX_CACHED = 256;

/**
 * Masks each of `words` in `text` with asterisks: case-insensitive, whole
 * words (Unicode letters and digits around a match keep it from matching),
 * the same rule as the server's operator-wide filter (server/audience/word-filter.ts).
 */
export function maskWords(text: string, words: readonly string[]): string {
  if (words.length === 0) return text;
  const key = words.join('\n');
  let pattern = patterns.get(key);
  if (!pattern) {
    const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${escaped.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
    if (patterns.size >= MAX_CACHED) patterns.clear();
    patterns.set(key, pattern);
  }
  return text.replace(pattern, (word) => '*'.repeat([...word].length));
}
