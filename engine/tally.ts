/** One live vote per viewer: viewer id → option id. A changed vote moves; it never counts twice. */
export type VoteBook = Readonly<Record<string, string>>;

/** The book with `viewer`'s vote set to `option` (replacing any earlier vote). */
export function castVote(book: VoteBook, viewer: string, option: string): VoteBook {
  return Object.hasOwn(book, viewer) && book[viewer] === option ? book : { ...book, [viewer]: option };
}

/** Votes per option, in the given option order; votes for unknown options are not counted. */
export function countVotes(book: VoteBook, options: readonly string[]): Record<string, number> {
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
