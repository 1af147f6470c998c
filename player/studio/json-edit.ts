/** Reads and writes a value at a JSON Pointer (RFC 6901) inside plain JSON data: the inspector's one way to edit a story. */

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at `pointer`, or undefined. */
export function getAt(root: unknown, pointer: string): unknown {
  let at: unknown = root;
  for (const token of tokens(pointer)) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, token)) return undefined;
    at = (at as Record<string, unknown>)[token];
  }
  return at;
}

/**
 * Sets the value at `pointer`, creating objects on the way; `undefined`
 * removes the member (or array item). Never writes `__proto__` (a hostile
 * story id must not reach the prototype). Returns false when the path cannot exist.
 */
export function setAt(root: unknown, pointer: string, value: unknown): boolean {
  const path = tokens(pointer);
  const last = path.pop();
  if (last === undefined || [...path, last].includes('__proto__')) return false;
  let at: unknown = root;
  for (const token of path) {
    if (typeof at !== 'object' || at === null) return false;
    const parent = at as Record<string, unknown>;
    if (!Object.hasOwn(parent, token) || typeof parent[token] !== 'object' || parent[token] === null) parent[token] = {};
    at = parent[token];
  }
  if (typeof at !== 'object' || at === null) return false;
  if (Array.isArray(at)) {
    const index = Number(last);
    if (!Number.isInteger(index) || index < 0) return false;
    if (value === undefined) at.splice(index, 1);
    else at[index] = value;
    return true;
  }
  const parent = at as Record<string, unknown>;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return true;
}
