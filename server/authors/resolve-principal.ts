import { checkAdminKey } from '../auth/admin-key.ts';
import { parseBearer } from '../auth/parse-bearer.ts';
import type { ResolvePrincipal } from '../auth/principal.ts';
import type { AuthorRegistry } from './author-registry.ts';

/** Operator key first (constant time), then author keys; see Principal for what each kind may do. */
export function createPrincipalResolver(adminKey: string, authors: AuthorRegistry): ResolvePrincipal {
  return async (authorization) => {
    if (authorization === undefined || authorization.trim() === '') return { kind: 'anonymous' };
    if (checkAdminKey(authorization, adminKey)) return { kind: 'operator' };
    const key = parseBearer(authorization);
    const author = key?.startsWith('bca_') ? await authors.identify(key) : undefined;
    return author ? { kind: 'author', id: author.id, name: author.name } : { kind: 'unknown' };
  };
}
