import { error, type Diagnostic } from './diagnostic.ts';
import { child } from './json-pointer.ts';
import type { Condition, Operand, Scalar } from './story.ts';

export type VarType = 'number' | 'boolean' | 'string';
export type VarTypes = ReadonlyMap<string, VarType>;
export type Vars = Readonly<Record<string, Scalar>>;

const COMPARISONS = ['==', '!=', '<', '<=', '>', '>='] as const;
type Comparison = (typeof COMPARISONS)[number];

/** The one key of an operator object, or undefined for literals and var refs. */
function operatorOf(c: object): string | undefined {
  const keys = Object.keys(c);
  return keys.length === 1 && keys[0] !== 'var' ? keys[0] : undefined;
}

function isVarRef(x: unknown): x is { var: string } {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as { var?: unknown }).var === 'string';
}

/**
 * Evaluates a validated condition against variables. Equality is strict (no
 * JavaScript coercion), and anything unexpected is false, never an exception.
 */
export function evaluateCondition(c: Condition, vars: Vars): boolean {
  return evaluateOperand(c, vars) === true;
}

function evaluateOperand(c: Operand | Scalar[], vars: Vars): Scalar | Scalar[] | undefined {
  if (typeof c !== 'object' || c === null) return c;
  if (Array.isArray(c)) return c;
  if (isVarRef(c)) return Object.hasOwn(vars, c.var) ? vars[c.var] : undefined;
  const op = operatorOf(c);
  const arg = (c as Record<string, unknown>)[op ?? ''];
  switch (op) {
    case 'and':
      return (arg as Condition[]).every((x) => evaluateCondition(x, vars));
    case 'or':
      return (arg as Condition[]).some((x) => evaluateCondition(x, vars));
    case 'not':
      return !evaluateCondition(arg as Condition, vars);
    case 'in': {
      const [needle, haystack] = arg as [Operand, Scalar[] | string | { var: string }];
      const n = evaluateOperand(needle, vars);
      const h = evaluateOperand(haystack, vars);
      if (typeof h === 'string') return typeof n === 'string' && h.includes(n);
      return Array.isArray(h) && n !== undefined && !Array.isArray(n) && h.includes(n);
    }
    default: {
      if (!op || !(COMPARISONS as readonly string[]).includes(op)) return undefined;
      const [l, r] = (arg as [Operand, Operand]).map((x) => evaluateOperand(x, vars));
      return compare(op as Comparison, l, r);
    }
  }
}

function compare(op: Comparison, l: unknown, r: unknown): boolean {
  // An unknown variable (undefined) is never equal, unequal, or ordered to anything.
  if (l === undefined || r === undefined || Array.isArray(l) || Array.isArray(r)) return false;
  if (op === '==') return l === r;
  if (op === '!=') return l !== r;
  if (typeof l !== 'number' || typeof r !== 'number') return false;
  if (op === '<') return l < r;
  if (op === '<=') return l <= r;
  if (op === '>') return l > r;
  return l >= r;
}

/**
 * Static checks on a condition: unknown variables and type mismatches, found
 * without running anything. `path` is the condition's JSON Pointer.
 */
export function checkCondition(c: Condition, types: VarTypes, path: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const t = typeOf(c, types, path, out);
  if (t !== 'boolean' && t !== 'unknown') {
    out.push(error('type-mismatch', path, `a condition must be boolean, this is ${t}`));
  }
  return out;
}

type Inferred = VarType | 'unknown';

function typeOf(c: Operand, types: VarTypes, path: string, out: Diagnostic[]): Inferred {
  if (typeof c === 'number') return 'number';
  if (typeof c === 'string') return 'string';
  if (typeof c === 'boolean') return 'boolean';
  if (isVarRef(c)) {
    const t = types.get(c.var);
    if (!t) {
      out.push(error('unknown-variable', child(path, 'var'), `unknown variable '${c.var}'`));
      return 'unknown';
    }
    return t;
  }
  const op = operatorOf(c);
  const arg = (c as Record<string, unknown>)[op ?? ''];
  const opPath = child(path, op ?? '');
  const expectBoolean = (x: Condition, p: string) => {
    const t = typeOf(x, types, p, out);
    if (t !== 'boolean' && t !== 'unknown') out.push(error('type-mismatch', p, `'${op}' needs boolean operands, this is ${t}`));
  };
  switch (op) {
    case 'and':
    case 'or':
      (arg as Condition[]).forEach((x, i) => expectBoolean(x, child(opPath, i)));
      return 'boolean';
    case 'not':
      expectBoolean(arg as Condition, opPath);
      return 'boolean';
    case 'in': {
      const [needle, haystack] = arg as [Operand, Scalar[] | string | { var: string }];
      const nt = typeOf(needle, types, child(opPath, 0), out);
      const hp = child(opPath, 1);
      if (Array.isArray(haystack)) {
        haystack.forEach((item, i) => {
          if (nt !== 'unknown' && typeof item !== nt) {
            out.push(error('type-mismatch', child(hp, i), `'in' compares ${nt} with ${typeof item}`));
          }
        });
      } else {
        const ht = typeOf(haystack, types, hp, out);
        if (ht !== 'string' && ht !== 'unknown') out.push(error('type-mismatch', hp, `'in' needs an array or a string to search, this is ${ht}`));
        else if (nt !== 'string' && nt !== 'unknown') out.push(error('type-mismatch', child(opPath, 0), `'in' on a string needs a string, this is ${nt}`));
      }
      return 'boolean';
    }
    default: {
      const [l, r] = arg as [Operand, Operand];
      const lt = typeOf(l, types, child(opPath, 0), out);
      const rt = typeOf(r, types, child(opPath, 1), out);
      if (op === '==' || op === '!=') {
        if (lt !== 'unknown' && rt !== 'unknown' && lt !== rt) {
          out.push(error('type-mismatch', opPath, `'${op}' compares ${lt} with ${rt}; they are never equal`));
        }
      } else {
        for (const [t, i] of [[lt, 0], [rt, 1]] as const) {
          if (t !== 'number' && t !== 'unknown') out.push(error('type-mismatch', child(opPath, i), `'${op}' needs numbers, this is ${t}`));
        }
      }
      return 'boolean';
    }
  }
}
