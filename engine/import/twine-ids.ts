/** Branchcast ids are 1–64 of [A-Za-z0-9_-]; Twine names are free text. */
const MAX_ID = 64;

/** A readable id from free text: `Back Room` → `back-room`; empty results fall back. */
export function slugify(text: string, fallback: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents go, the letter stays: `Café` → `cafe`
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID)
    .replace(/-+$/, '');
  return slug === '' || slug === '__proto__' ? fallback : slug;
}

/** Hands out ids unique within one scope, suffixing `-2`, `-3`… on collision. */
export class IdAllocator {
  private readonly taken = new Set<string>();

  take(text: string, fallback: string): string {
    const base = slugify(text, fallback);
    let id = base;
    for (let n = 2; this.taken.has(id); n++) {
      const suffix = `-${n}`;
      id = base.slice(0, MAX_ID - suffix.length) + suffix;
    }
    this.taken.add(id);
    return id;
  }
}

/** Labels and titles are 1–200 characters in the schema. */
export function clip(text: string, fallback: string, max = 200): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t === '') return fallback;
  return t.length <= max ? t : t.slice(0, max - 1) + '…';
}
