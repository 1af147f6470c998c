import type { Principal } from '../auth/principal.ts';
import { OPERATOR } from './story-version-store.ts';

/** What access decisions look at: who owns a story and whom it is shared with. */
export interface Owned {
  owner: string;
  shares: readonly string[];
}

const isOwnerOrShared = (principal: Principal, story: Owned): boolean =>
  principal.kind === 'author' && (story.owner === principal.id || story.shares.includes(principal.id));

/**
 * Reading: stories of the operator (bundled ones included) are public, as
 * before authors existed; an author's story is seen by the operator, its
 * owner and the authors it is shared with, nobody else.
 */
export function canRead(principal: Principal, story: Owned): boolean {
  return principal.kind === 'operator' || story.owner === OPERATOR || isOwnerOrShared(principal, story);
}

/** Saving (or restoring): the operator anything; an author a new id, or their own or a shared story. */
export function canWrite(principal: Principal, story: Owned | undefined): boolean {
  if (principal.kind === 'operator') return true;
  if (principal.kind !== 'author') return false;
  return story === undefined || isOwnerOrShared(principal, story);
}

/** Sharing and unsharing: the operator, or the author who owns the story. */
export function canShare(principal: Principal, story: Owned): boolean {
  return principal.kind === 'operator' || (principal.kind === 'author' && story.owner === principal.id);
}
