/**
 * What the passage scanner keeps of a passage: links, variable changes,
 * conditionals around them, and everything it could not map. Prose is not
 * kept: in branchcast the video tells the story.
 */
export type Dialect = 'sugarcube' | 'harlowe';

export interface LinkItem {
  kind: 'link';
  text: string;
  target: string;
  /** SugarCube `[[text|Target][$x to 1]]`: assignments run when the link is taken. */
  setter?: string;
  /** Offset of `[[` in the passage text. */
  at: number;
}

export interface SetItem {
  kind: 'set';
  dialect: Dialect;
  /** `set` or `put`. */
  macro: string;
  args: string;
  at: number;
}

export interface IfBranch {
  /** undefined for the final `else`. */
  cond: string | undefined;
  /** Harlowe `(unless:)`. */
  negate: boolean;
  macro: string;
  at: number;
  body: Item[];
}

export interface IfItem {
  kind: 'if';
  dialect: Dialect;
  branches: IfBranch[];
}

export interface UnmappedItem {
  kind: 'unmapped';
  code: 'unmapped-macro' | 'unmapped-code' | 'unmapped-link';
  /** Short quote of the construct, e.g. `<<linkreplace>>`. */
  what: string;
  at: number;
  /** What it contains and was skipped with it (links shown only after a click, say). */
  hidden: Item[];
  reason?: string;
}

export type Item = LinkItem | SetItem | IfItem | UnmappedItem;

/** Every link inside items, at any depth, including hidden ones. */
export function linksIn(items: readonly Item[]): LinkItem[] {
  const out: LinkItem[] = [];
  for (const item of items) {
    if (item.kind === 'link') out.push(item);
    else if (item.kind === 'if') for (const b of item.branches) out.push(...linksIn(b.body));
    else if (item.kind === 'unmapped') out.push(...linksIn(item.hidden));
  }
  return out;
}

/**
 * Splits the inside of `[[…]]` the way Twine 2 does: the rightmost `->`, else
 * the leftmost `<-`, else the last `|` (the Twee 3 spec asks passage names not
 * to contain `|`), else the text is the target.
 */
export function splitLink(inner: string): { text: string; target: string; setter?: string } {
  const setterAt = inner.indexOf('][');
  const body = setterAt >= 0 ? inner.slice(0, setterAt) : inner;
  const setter = setterAt >= 0 ? inner.slice(setterAt + 2) : undefined;
  const withSetter = (text: string, target: string) => (setter === undefined ? { text, target } : { text, target, setter });
  const arrow = body.lastIndexOf('->');
  if (arrow >= 0) return withSetter(body.slice(0, arrow), body.slice(arrow + 2));
  const back = body.indexOf('<-');
  if (back >= 0) return withSetter(body.slice(back + 2), body.slice(0, back));
  const bar = body.lastIndexOf('|');
  if (bar >= 0) return withSetter(body.slice(0, bar), body.slice(bar + 1));
  return withSetter(body, body);
}
