/**
 * Minimal valid stories for engine tests, and a JSON Pointer patch helper to
 * break them one field at a time. Every builder returns a fresh object.
 */
import type { Story } from '../../engine/story.ts';

/** Two nodes: `a` continues by `next` to the ending `end`. Validates with no diagnostics. */
export function minimalStory(): Story {
  return {
    format: 'branchcast/story@1',
    id: 'minimal',
    title: 'Minimal',
    start: 'a',
    nodes: {
      a: { media: { src: 'a/manifest.mpd', duration: 20 }, next: 'end' },
      end: { media: { src: 'end/manifest.mpd', duration: 10 }, ending: { title: 'The end' } },
    },
  };
}

/**
 * A vote between `x` (the default, adds 1 to `n`) and `y` (guarded by `n > 0`),
 * both leading to the ending `end`. Validates with no diagnostics.
 */
export function choiceStory(): Story {
  return {
    format: 'branchcast/story@1',
    id: 'choice',
    title: 'Choice',
    start: 'a',
    variables: { n: 0 },
    nodes: {
      a: {
        media: { src: 'a/manifest.mpd', duration: 20 },
        choice: {
          opens: 5,
          closes: 10,
          mode: 'vote',
          default: 'x',
          options: [
            { id: 'x', label: 'X', to: 'end', effects: [{ add: { n: 1 } }] },
            { id: 'y', label: 'Y', to: 'end', if: { '>': [{ var: 'n' }, 0] } },
          ],
        },
      },
      end: { media: { src: 'end/manifest.mpd', duration: 10 }, ending: { title: 'The end' } },
    },
  };
}

type Container = Record<string, unknown> | unknown[];

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON Pointer: ${pointer}`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Returns a deep copy of `value` with the member at `pointer` replaced, created
 * (parents must exist; `-` appends to an array), or deleted when `replacement`
 * is `undefined`. Typed loosely on purpose: tests use it to build invalid stories.
 *
 * @example patch(minimalStory(), '/nodes/a/next', 'nowhere')
 */
export function patch<T>(value: T, pointer: string, replacement: unknown): T {
  const copy = structuredClone(value);
  const path = tokens(pointer);
  const last = path.pop();
  if (last === undefined) return replacement as T;
  let parent = copy as unknown as Container;
  for (const t of path) {
    const next = (parent as Record<string, unknown>)[t];
    if (typeof next !== 'object' || next === null) throw new Error(`patch: no container at '${t}' in ${pointer}`);
    parent = next as Container;
  }
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (replacement === undefined) parent.splice(index, 1);
    else parent[index] = replacement;
  } else if (replacement === undefined) {
    delete parent[last];
  } else {
    parent[last] = replacement;
  }
  return copy;
}

/** Applies several patches in order. */
export function patchAll<T>(value: T, patches: Array<[pointer: string, replacement: unknown]>): T {
  return patches.reduce((v, [p, r]) => patch(v, p, r), value);
}
