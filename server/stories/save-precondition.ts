/** The conditional-request headers of a save (RFC 9110 §13.1.1, §13.1.2). */
export interface SaveConditions {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
  /** True for PUT: replacing an existing story without a condition is refused (428). */
  requireCondition: boolean;
}

/** `ok`, or the status a failed condition answers: 412 failed, 428 missing. */
export type PreconditionResult = 'ok' | 'failed' | 'required';

/** The entity tags of an If-Match / If-None-Match list; `W/` marks a weak one. */
function tags(header: string): Array<{ weak: boolean; tag: string }> {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => (part.startsWith('W/') ? { weak: true, tag: part.slice(2) } : { weak: false, tag: part }));
}

/**
 * Whether a save may go ahead, given the story's current version (the bare
 * storyVersion, undefined when the id holds no story). If-Match uses the
 * strong comparison (a weak tag never matches), If-None-Match the weak one.
 */
export function checkSaveConditions(conditions: SaveConditions, current: string | undefined): PreconditionResult {
  const quoted = current === undefined ? undefined : `"${current}"`;
  const { ifMatch, ifNoneMatch } = conditions;
  if (ifMatch !== undefined) {
    if (ifMatch.trim() === '*') return current === undefined ? 'failed' : 'ok';
    return tags(ifMatch).some((t) => !t.weak && t.tag === quoted) ? 'ok' : 'failed';
  }
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return current === undefined ? 'ok' : 'failed';
    return tags(ifNoneMatch).some((t) => t.tag === quoted) ? 'failed' : 'ok';
  }
  return conditions.requireCondition && current !== undefined ? 'required' : 'ok';
}
