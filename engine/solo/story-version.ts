import { stateHash } from '../state-hash.ts';
import type { Story } from '../story.ts';

const versions = new WeakMap<Story, string>();

/**
 * A short content hash of a story (the first 16 hex digits of the SHA-256 of
 * its canonical JSON): the `storyVersion` a solo player sends with its plays
 * and saves, and the ETag of GET /api/stories/:id. Equal stories, equal
 * versions, whatever their key order or whitespace.
 */
export function storyVersion(story: Story): string {
  let version = versions.get(story);
  if (version === undefined) versions.set(story, (version = stateHash(story).slice(0, 16)));
  return version;
}
