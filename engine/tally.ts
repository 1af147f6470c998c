import { setOwn } from './set-own.ts';

/** One live vote per viewer: viewer id → option id. A changed vote moves; it never counts twice. */
export type VoteBook = Record<string, string>;

/**
 * Sets `viewer`'s vote to `option` in place, replacing any earlier vote, and
 * says whether anything changed. In place on purpose: copying the book on
 * every vote made a vote cost O(voters), and a big vote quadratic.
 */
export function castVote(book: VoteBook, viewer: string, option: string): boolean {
  if (Object.hasOwn(book, viewer) && book[viewer] === option) return false;
  setOwn(book, viewer, option);
  return true;
}

/** Votes per option, in the given option order; votes for unknown options are not counted. */
export function countVotes(book: Readonly<VoteBook>, options: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(options.map((o) => [o, 0]));
  for (const option of Object.values(book)) if (Object.hasOwn(counts, option)) counts[option] = (counts[option] as number) + 1;
  return counts;
}

/**
 * The option with the most votes among `allowed`. A tie for the lead, or no
 * votes at all, goes to `fallback` (the choice's default).
 */
export function pickWinner(counts: Readonly<Record<string, number>>, allowed: readonly string[], fallback: string): string {
  let best: string | undefined;
  let bestCount = 0;
  let tied = false;
  for (const option of allowed) {
    const n = counts[option] ?? 0;
    if (n > bestCount) {
      best = option;
      bestCount = n;
      tied = false;
    } else if (n === bestCount && n > 0) {
      tied = true;
    }
  }
  return best === undefined || tied ? fallback : best;
}
