import type { VarType } from '../condition.ts';
import { applyEffects } from '../effects.ts';
import type { Effect, Scalar } from '../story.ts';
import type { Item, SetItem } from './twine-items.ts';
import { assignmentType, parseAssignments } from './twine-map.ts';

/** Every set in items, at any depth, including those inside unmapped constructs. */
export function setItems(items: readonly Item[]): SetItem[] {
  const out: SetItem[] = [];
  for (const item of items) {
    if (item.kind === 'set') out.push(item);
    else if (item.kind === 'if') for (const b of item.branches) out.push(...setItems(b.body));
    else if (item.kind === 'unmapped') out.push(...setItems(item.hidden));
  }
  return out;
}

/**
 * Variable types from the first literal each variable is given, in the order
 * passed (init passages first). Sets that do not map still say what type a
 * variable holds, so they count too: the type is a fact of the source.
 */
export function typesOf(passages: ReadonlyArray<readonly Item[]>): Map<string, VarType> {
  const types = new Map<string, VarType>();
  for (const items of passages) {
    for (const set of setItems(items)) {
      const parsed = parseAssignments(set.args, set.dialect, set.macro);
      if (!parsed.ok) continue;
      for (const a of parsed.value) if (!types.has(a.name)) types.set(a.name, assignmentType(a));
    }
  }
  return types;
}

const ZERO: Record<VarType, Scalar> = { number: 0, boolean: false, string: '' };

/**
 * Declares every typed variable: its type's zero (what an unset Twine
 * variable reads as in a condition, near enough), then the init passages'
 * effects applied in order.
 */
export function initialValues(types: ReadonlyMap<string, VarType>, initEffects: readonly Effect[]): Record<string, Scalar> {
  const zeros = Object.fromEntries([...types].map(([name, t]) => [name, ZERO[t]]));
  return applyEffects(zeros, initEffects);
}
