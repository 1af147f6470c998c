import type { VarType } from '../condition.ts';
import type { Condition, Effect, Scalar } from '../story.ts';
import { ExprParser, fail, type Expr, type Parsed } from './twine-expr.ts';
import type { Dialect } from './twine-items.ts';

/** One variable change that maps exactly onto a branchcast effect. */
export type Assignment =
  | { name: string; kind: 'set'; value: Scalar }
  | { name: string; kind: 'add'; delta: number }
  | { name: string; kind: 'toggle' };

export type VarTypeMap = ReadonlyMap<string, VarType>;

/**
 * Parses the arguments of SugarCube `<<set>>` or Harlowe `(set:)`/`(put:)`
 * into assignments; all of them map or none do, so a macro is never half
 * imported.
 */
export function parseAssignments(args: string, dialect: Dialect, macro: string): Parsed<Assignment[]> {
  return ExprParser.run(args, (p) => {
    const out: Assignment[] = [];
    do {
      if (macro === 'put') {
        const value = p.expr();
        p.expect('into');
        out.push(assignment(target(p), value));
      } else {
        const name = target(p);
        const op = dialect === 'sugarcube' ? p.expect('to', '=', '+=', '-=') : p.expect('to');
        const value = p.expr();
        if (op === '+=' || op === '-=') out.push(assignment(name, { t: 'arith', op: op[0] as '+' | '-', l: { t: 'var', name }, r: value }));
        else out.push(assignment(name, value));
      }
    } while (p.accept(',', ';') && !p.atEnd());
    return out;
  });
}

function target(p: ExprParser): string {
  const t = p.peek();
  if (t?.k !== 'var') fail(t?.k === 'bad' ? `'${t.v}' is not a simple story variable` : `expected a $variable, found '${t?.v ?? 'the end'}'`);
  p.skip();
  return t.v;
}

/** `$x to 5`, `$x to $x + 1` / `it + 1`, `$x to not $x`; nothing else maps exactly. */
function assignment(name: string, value: Expr): Assignment {
  const self = (e: Expr) => e.t === 'it' || (e.t === 'var' && e.name === name);
  if (value.t === 'lit') return { name, kind: 'set', value: value.value };
  if (value.t === 'arith' && self(value.l) && value.r.t === 'lit' && typeof value.r.value === 'number') {
    return { name, kind: 'add', delta: value.op === '+' ? value.r.value : -value.r.value };
  }
  if (value.t === 'arith' && value.op === '+' && self(value.r) && value.l.t === 'lit' && typeof value.l.value === 'number') {
    return { name, kind: 'add', delta: value.l.value };
  }
  if (value.t === 'not' && self(value.x)) return { name, kind: 'toggle' };
  return fail(`the value given to $${name} is not a literal, a +/- of a number, or a negation of itself`);
}

/** The type an assignment gives its variable. */
export function assignmentType(a: Assignment): VarType {
  if (a.kind === 'set') return typeof a.value as VarType;
  return a.kind === 'add' ? 'number' : 'boolean';
}

export function toEffect(a: Assignment): Effect {
  if (a.kind === 'set') return { set: { [a.name]: a.value } };
  if (a.kind === 'add') return { add: { [a.name]: a.delta } };
  return { toggle: [a.name] };
}

/**
 * Maps a parsed condition exactly, given the variables' types: comparisons of
 * variables and literals of one type (ordering only on numbers), and/or/not,
 * and a bare variable as JavaScript truthiness (`!= 0`, `!= ""`).
 */
export function mapCondition(e: Expr, types: VarTypeMap): Parsed<Condition> {
  try {
    return { ok: true, value: condition(e, types) };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

function condition(e: Expr, types: VarTypeMap): Condition {
  switch (e.t) {
    case 'and':
      return { and: e.items.map((x) => condition(x, types)) };
    case 'or':
      return { or: e.items.map((x) => condition(x, types)) };
    case 'not':
      return { not: condition(e.x, types) };
    case 'lit':
      if (typeof e.value === 'boolean') return e.value;
      throw new Error(`a bare ${typeof e.value} is not a condition`);
    case 'var': {
      const t = typeOfVar(e.name, types);
      if (t === 'boolean') return { var: e.name };
      return { '!=': [{ var: e.name }, t === 'number' ? 0 : ''] };
    }
    case 'cmp': {
      const [l, r] = [operand(e.l, types), operand(e.r, types)];
      if (e.l.t === 'lit' && e.r.t === 'lit') throw new Error('it compares two literals');
      if (l.type !== r.type) throw new Error(`it compares a ${l.type} with a ${r.type}`);
      if (e.op !== '==' && e.op !== '!=' && l.type !== 'number') throw new Error(`'${e.op}' on ${l.type}s does not map`);
      return { [e.op]: [l.value, r.value] } as Condition;
    }
    default:
      throw new Error(e.t === 'it' ? "'it' only maps inside (set:)" : 'arithmetic in a condition does not map');
  }
}

function operand(e: Expr, types: VarTypeMap): { value: Scalar | { var: string }; type: VarType } {
  if (e.t === 'lit') return { value: e.value, type: typeof e.value as VarType };
  if (e.t === 'var') return { value: { var: e.name }, type: typeOfVar(e.name, types) };
  throw new Error('only a variable or a literal may be compared');
}

function typeOfVar(name: string, types: VarTypeMap): VarType {
  const t = types.get(name);
  if (!t) throw new Error(`$${name} is never given a literal value, so its type is unknown`);
  return t;
}
