/**
 * Entity tags (RFC 9110 §8.8.3): generation for files and the strong/weak
 * comparison functions the conditional headers need. Pure.
 */

/** A parsed entity-tag; `opaque` keeps its double quotes, as compared on the wire. */
export interface EntityTag {
  weak: boolean;
  opaque: string;
}

/** What identifies one version of a file's bytes. */
export interface FileIdentity {
  ino: bigint | number;
  size: number;
  mtimeNs: bigint;
}

/**
 * A strong ETag from inode, size and nanosecond mtime: any rewrite or
 * replacement (rename over) of the file changes at least one of them.
 */
export function fileEntityTag(file: FileIdentity): string {
  return `"${file.ino.toString(16)}-${file.size.toString(16)}-${file.mtimeNs.toString(16)}"`;
}

// entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE ; etagc = %x21 / %x23-7E / obs-text
const ETAG = /^(W\/)?("[\x21\x23-\x7e\x80-\xff]*")$/;

/** Parses one entity-tag, or undefined when it is not one. */
export function parseEntityTag(text: string): EntityTag | undefined {
  const match = ETAG.exec(text.trim());
  if (!match || match[2] === undefined) return undefined;
  return { weak: match[1] !== undefined, opaque: match[2] };
}

/**
 * Parses `If-Match`/`If-None-Match`: `*` or a comma list of entity-tags.
 * Malformed members are dropped, so a garbage header simply matches nothing.
 */
export function parseEntityTagList(header: string): '*' | EntityTag[] {
  if (header.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  // Commas cannot appear inside a valid entity-tag, so splitting is safe.
  for (const member of header.split(',')) {
    const tag = parseEntityTag(member);
    if (tag) tags.push(tag);
  }
  return tags;
}

/** Strong comparison: neither is weak and the opaque tags are identical. */
export function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

/** Weak comparison: the opaque tags are identical, weakness ignored. */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}
