/**
 * Who is asking, from the request's `Authorization: Bearer …`:
 * - `operator`: the operator key, full power;
 * - `author`: an author key (server/authors/), their own and shared stories, uploads;
 * - `anonymous`: no credential at all;
 * - `unknown`: a credential that is neither (a wrong key, or a room token): anonymous
 *   for public reads, 401 where a key is needed.
 */
export type Principal = { kind: 'operator' } | { kind: 'author'; id: string; name: string } | { kind: 'anonymous' } | { kind: 'unknown' };

/** Resolves an `Authorization` header to a principal (constant-time key checks). */
export type ResolvePrincipal = (authorization: string | undefined) => Promise<Principal>;

/** Who saved a version or owns a story, as recorded: `operator` or the author's id. */
export function principalId(principal: Principal): string | undefined {
  if (principal.kind === 'operator') return 'operator';
  return principal.kind === 'author' ? principal.id : undefined;
}
