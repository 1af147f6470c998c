/** Escapes one reference token per RFC 6901 (`~` → `~0`, `/` → `~1`). */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a JSON Pointer from reference tokens: `pointer('nodes', 'a/b', 0)` → `/nodes/a~1b/0`. */
export function pointer(...tokens: Array<string | number>): string {
  return tokens.map((t) => '/' + escapeToken(t)).join('');
}

/** Appends tokens to an existing pointer. */
export function child(base: string, ...tokens: Array<string | number>): string {
  return base + pointer(...tokens);
}
