import { describe, expect, it } from 'vitest';
import { checkCondition, evaluateCondition, type VarType, type Vars } from './condition.ts';
import type { Condition } from './story.ts';

const vars: Vars = { n: 3, zero: 0, name: 'ana', role: 'spy', yes: true, no: false, empty: '' };
const types = new Map<string, VarType>([
  ['n', 'number'], ['zero', 'number'], ['name', 'string'], ['role', 'string'], ['yes', 'boolean'], ['no', 'boolean'], ['empty', 'string'],
]);
const n = { var: 'n' };
const role = { var: 'role' };

// Conditions built from data so malformed shapes can be tested too.
const cond = (x: unknown) => x as Condition;

const table: Array<[Condition, boolean]> = [
  // literals and var
  [true, true], [false, false], [1, false], ['true', false], [{ var: 'yes' }, true], [{ var: 'no' }, false], [n, false],
  // ==, != are strict
  [{ '==': [n, 3] }, true], [{ '==': [n, 4] }, false], [{ '==': [role, 'spy'] }, true], [{ '==': [{ var: 'yes' }, true] }, true],
  [{ '==': [1, '1'] }, false], [{ '==': [n, '3'] }, false], [{ '==': [{ var: 'zero' }, false] }, false], [{ '==': [{ var: 'empty' }, 0] }, false],
  [{ '==': [{ var: 'zero' }, { var: 'zero' }] }, true],
  [{ '!=': [n, 3] }, false], [{ '!=': [n, 4] }, true], [{ '!=': [1, '1'] }, true],
  // ordering works on numbers only
  [{ '<': [n, 4] }, true], [{ '<': [n, 3] }, false], [{ '<=': [n, 3] }, true], [{ '<=': [n, 2] }, false],
  [{ '>': [n, 2] }, true], [{ '>': [n, 3] }, false], [{ '>=': [n, 3] }, true], [{ '>=': [n, 4] }, false],
  [{ '>': [{ var: 'zero' }, -1] }, true], [{ '<': ['a', 'b'] }, false], [{ '>': ['10', 9] }, false], [{ '>=': [true, false] }, false],
  // nested comparisons yield booleans
  [{ '==': [{ '>': [n, 2] }, true] }, true],
  // and, or, not
  [{ and: [true, { '>': [n, 2] }] }, true], [{ and: [true, false] }, false], [{ and: [{ var: 'yes' }, { var: 'no' }] }, false],
  [{ or: [false, { '==': [role, 'spy'] }] }, true], [{ or: [false, { var: 'no' }] }, false],
  [{ not: false }, true], [{ not: { var: 'yes' } }, false], [{ not: { not: { '>': [n, 2] } } }, true],
  // in: array haystack, string haystack, var haystack
  [{ in: [role, ['spy', 'thief']] }, true], [{ in: [role, ['cop']] }, false], [{ in: [n, [1, 2, 3]] }, true], [{ in: [n, ['3']] }, false],
  [{ in: [{ var: 'yes' }, [true]] }, true], [{ in: ['p', 'spy'] }, true], [{ in: ['x', 'spy'] }, false],
  [{ in: ['an', { var: 'name' }] }, true], [{ in: ['bob', { var: 'name' }] }, false], [{ in: ['', { var: 'empty' }] }, true],
  [{ in: [3, '123'] }, false], [{ in: ['3', { var: 'n' }] }, false], [{ in: [role, []] }, false],
];

describe('evaluateCondition', () => {
  it.each(table)('%j → %s', (c, expected) => {
    expect(evaluateCondition(c, vars)).toBe(expected);
  });

  it('is false when a variable is unknown', () => {
    const ghost = { var: 'ghost' };
    for (const c of [ghost, { '==': [ghost, 0] }, { '>': [ghost, 0] }, { '<=': [ghost, 0] }, { in: [ghost, [0]] }, { in: ['a', ghost] }, { and: [ghost] }, { or: [ghost] }]) {
      expect(evaluateCondition(cond(c), vars)).toBe(false);
    }
  });

  it('does not read inherited properties as variables', () => {
    expect(evaluateCondition(cond({ var: 'hasOwnProperty' }), {})).toBe(false);
    expect(evaluateCondition(cond({ in: ['ab', { var: 'toString' }] }), {})).toBe(false);
  });

  it('never throws on a malformed condition', () => {
    for (const c of [{}, { '??': [1, 2] }, { '==': [1, 1], '!=': [1, 2] }, null, [true], { var: 3 }]) {
      expect(() => evaluateCondition(cond(c), vars)).not.toThrow();
      expect(evaluateCondition(cond(c), vars)).toBe(false);
    }
  });

  it('does not mutate the variables', () => {
    const frozen = Object.freeze({ ...vars });
    expect(evaluateCondition({ and: [{ '>': [n, 0] }, { in: [role, ['spy']] }] }, frozen)).toBe(true);
  });
});

describe('checkCondition', () => {
  const base = '/nodes/a/choice/options/1/if';
  const check = (c: unknown) => checkCondition(cond(c), types, base).map((d) => [d.code, d.path]);

  it('accepts well-typed conditions', () => {
    expect(check({ and: [{ '>': [n, 0] }, { in: [role, ['spy', 'thief']] }, { not: { var: 'no' } }, { in: ['p', { var: 'name' }] }] })).toEqual([]);
    expect(check({ or: [{ '==': [role, 'spy'] }, { '!=': [{ var: 'yes' }, false] }, { '<=': [{ var: 'zero' }, n] }] })).toEqual([]);
    expect(check({ '==': [{ '>': [n, 2] }, true] })).toEqual([]);
    expect(check(true)).toEqual([]);
  });

  it('reports an unknown variable at its var', () => {
    expect(check({ var: 'ghost' })).toEqual([['unknown-variable', `${base}/var`]]);
    expect(check({ '>': [{ var: 'ghost' }, 0] })).toEqual([['unknown-variable', `${base}/>/0/var`]]);
    expect(check({ and: [true, { not: { var: 'ghost' } }] })).toEqual([['unknown-variable', `${base}/and/1/not/var`]]);
    expect(check({ in: ['a', { var: 'ghost' }] })).toEqual([['unknown-variable', `${base}/in/1/var`]]);
    expect(check({ '==': [{ var: 'ghost' }, { var: 'spook' }] })).toEqual([
      ['unknown-variable', `${base}/==/0/var`],
      ['unknown-variable', `${base}/==/1/var`],
    ]);
  });

  it('reports an ordering on a non-number at the operand', () => {
    expect(check({ '>': [role, 0] })).toEqual([['type-mismatch', `${base}/>/0`]]);
    expect(check({ '<=': [n, { var: 'yes' }] })).toEqual([['type-mismatch', `${base}/<=/1`]]);
    expect(check({ '<': ['a', 'b'] })).toEqual([['type-mismatch', `${base}/</0`], ['type-mismatch', `${base}/</1`]]);
  });

  it('reports == and != across types at the operator', () => {
    expect(check({ '==': [n, '3'] })).toEqual([['type-mismatch', `${base}/==`]]);
    expect(check({ '!=': [{ var: 'yes' }, role] })).toEqual([['type-mismatch', `${base}/!=`]]);
    expect(check({ '==': [1, '1'] })).toEqual([['type-mismatch', `${base}/==`]]);
  });

  it('requires boolean operands for and, or, not', () => {
    expect(check({ and: [true, n] })).toEqual([['type-mismatch', `${base}/and/1`]]);
    expect(check({ or: [role] })).toEqual([['type-mismatch', `${base}/or/0`]]);
    expect(check({ not: 1 })).toEqual([['type-mismatch', `${base}/not`]]);
  });

  it('requires the whole condition to be boolean', () => {
    expect(check(n)).toEqual([['type-mismatch', base]]);
    expect(check('yes')).toEqual([['type-mismatch', base]]);
    expect(check({ var: 'yes' })).toEqual([]);
  });

  it('checks in against its haystack', () => {
    expect(check({ in: [role, ['spy', 3]] })).toEqual([['type-mismatch', `${base}/in/1/1`]]);
    expect(check({ in: [n, { var: 'n' }] })).toEqual([['type-mismatch', `${base}/in/1`]]);
    expect(check({ in: [n, 'abc'] })).toEqual([['type-mismatch', `${base}/in/0`]]);
    expect(check({ in: [{ var: 'ghost' }, ['a']] })).toEqual([['unknown-variable', `${base}/in/0/var`]]);
  });

  it('escapes pointer tokens in the base path', () => {
    const findings = checkCondition({ var: 'ghost' }, types, '/nodes/a~1b');
    expect(findings).toMatchObject([{ severity: 'error', code: 'unknown-variable', path: '/nodes/a~1b/var' }]);
  });
});

describe('unknown variables at run time', () => {
  it('never compare equal, unequal or ordered', () => {
    expect(evaluateCondition({ '==': [{ var: 'u' }, { var: 'v' }] }, {})).toBe(false);
    expect(evaluateCondition({ '!=': [{ var: 'u' }, 1] }, {})).toBe(false);
    expect(evaluateCondition({ '<': [{ var: 'u' }, 1] }, {})).toBe(false);
  });
});
