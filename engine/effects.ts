import { error, type Diagnostic } from './diagnostic.ts';
import { child } from './json-pointer.ts';
import type { VarTypes, Vars } from './condition.ts';
import type { Effect, Scalar } from './story.ts';

/** Applies effects in order and returns new variables; the input is never mutated. */
export function applyEffects(vars: Vars, effects: readonly Effect[]): Record<string, Scalar> {
  const next: Record<string, Scalar> = { ...vars };
  for (const effect of effects) {
    for (const [name, value] of Object.entries(effect.set ?? {})) next[name] = value;
    for (const [name, delta] of Object.entries(effect.add ?? {})) {
      const current = next[name];
      if (typeof current === 'number') next[name] = current + delta;
    }
    for (const name of effect.toggle ?? []) {
      const current = next[name];
      if (typeof current === 'boolean') next[name] = !current;
    }
  }
  return next;
}

/** Static checks on one effect: every variable declared, every value of the variable's type. */
export function checkEffect(effect: Effect, types: VarTypes, path: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = (name: string, p: string): boolean => {
    if (types.has(name)) return true;
    out.push(error('unknown-variable', p, `unknown variable '${name}'`));
    return false;
  };
  for (const [name, value] of Object.entries(effect.set ?? {})) {
    const p = child(path, 'set', name);
    if (known(name, p) && typeof value !== types.get(name)) {
      out.push(error('type-mismatch', p, `'${name}' is ${types.get(name)}, cannot set it to ${typeof value}`));
    }
  }
  for (const name of Object.keys(effect.add ?? {})) {
    const p = child(path, 'add', name);
    if (known(name, p) && types.get(name) !== 'number') {
      out.push(error('type-mismatch', p, `'add' needs a number variable; '${name}' is ${types.get(name)}`));
    }
  }
  (effect.toggle ?? []).forEach((name, i) => {
    const p = child(path, 'toggle', i);
    if (known(name, p) && types.get(name) !== 'boolean') {
      out.push(error('type-mismatch', p, `'toggle' needs a boolean variable; '${name}' is ${types.get(name)}`));
    }
  });
  return out;
}
