import { describe, expect, it } from 'vitest';
import { parseJson, type ParseResult } from './parse-json.ts';
import { choiceStory } from '../test/support/story-fixtures.ts';
import { validateStory } from './validate.ts';

function parsed(text: string): Extract<ParseResult, { ok: true }> {
  const result = parseJson(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.message}`);
  return result;
}

const corpus = [
  '0', '-0', '1', '-1', '3.25', '-0.5', '1e3', '1E-3', '-2.5e+10', '6.02214076e23', '1.7976931348623157e308', '5e-324',
  'true', 'false', 'null', '""', '"plain"',
  '"\\u00e9\\u4e2d\\ud83d\\ude00"', '"\\ud800 lone surrogate"', '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"é中😀 raw"', '"\u007f"',
  '[]', '{}', '[[]]', '[{}]', '{"a":{}}', ' \t\r\n[ 1 , 2 ]\n ',
  '[1,"two",true,null,{"k":[3]}]',
  '{"__proto__":{"polluted":true},"a":1}',
  '{"constructor":1,"toString":"x","hasOwnProperty":false}',
  '{"":0,"a b":1,"a/b":2,"a~b":3,"\\u0000":4}',
  '{"10":"ten","2":"two","b":"b","a":"a"}',
  JSON.stringify(choiceStory(), null, 2),
];

describe('parseJson agrees with JSON.parse', () => {
  it.each(corpus)('%s', (text) => {
    expect(parsed(text).value).toStrictEqual(JSON.parse(text));
  });
  it('keeps __proto__ as own data, never as the prototype', () => {
    const value = parsed('{"__proto__":{"polluted":true}}').value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('keeps negative zero', () => {
    expect(Object.is(parsed('-0').value, -0)).toBe(true);
  });
  it('counts values', () => {
    expect(parsed('[1,{"a":2,"b":[3]}]').valueCount).toBe(6);
  });
});

describe('rejections with line and column', () => {
  const cases: Array<[name: string, text: string, line: number, column: number]> = [
    ['trailing comma in an array', '[\n  1,\n  2,\n]', 4, 1],
    ['trailing comma in an object', '{\n  "a": 1,\n}', 3, 1],
    ['a line comment', '{\n  // note\n  "a": 1\n}', 2, 3],
    ['a block comment', '[1, /* two */ 2]', 1, 5],
    ['single quotes', "{\n  'a': 1\n}", 2, 3],
    ['single-quoted value', '{"a": \'x\'}', 1, 7],
    ['NaN', '[1,\n NaN]', 2, 2],
    ['Infinity', '[-Infinity]', 1, 2],
    ['a leading zero', '{\n  "n": 012\n}', 2, 9],
    ['a leading plus', '[+1]', 1, 2],
    ['a bare decimal point', '[.5]', 1, 2],
    ['a trailing decimal point', '[1.]', 1, 3],
    ['hex', '[0x10]', 1, 3],
    ['a raw newline in a string', '["a\nb"]', 1, 4],
    ['a raw tab in a string', '{\n"a":"x\ty"}', 2, 7],
    ['a NUL in a string', '"\u0000"', 1, 2],
    ['a bad escape', '["\\x41"]', 1, 3],
    ['a short unicode escape', '["\\u12"]', 1, 3],
    ['an unterminated string', '{\n  "a": "open', 2, 8],
    ['a raw newline ending a string', '{\n  "a": "open\n', 2, 13],
    ['an unquoted key', '{a: 1}', 1, 2],
    ['a missing colon', '{"a" 1}', 1, 6],
    ['a missing comma', '[1 2]', 1, 4],
    ['a truncated literal', '[tru]', 1, 2],
    ['a capitalised literal', '[True]', 1, 2],
    ['trailing garbage', '{}\n}', 2, 1],
    ['two documents', '1 2', 1, 3],
    ['an unclosed array', '[1,\n2', 2, 2],
    ['an empty document', ' \n ', 2, 2],
  ];
  it.each(cases)('%s', (_name, text, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    const result = parseJson(text);
    expect(result).toMatchObject({ ok: false, code: 'parse', location: { line, column } });
    if (!result.ok) expect(result.message).not.toBe('');
  });
  it('refuses numbers JSON.parse would turn into Infinity', () => {
    expect(parseJson('[1e400]')).toMatchObject({ ok: false, code: 'parse', location: { line: 1, column: 2 } });
  });
  it('carries the location into validateStory', () => {
    expect(validateStory('{\n  "format": "branchcast/story@1",\n}')).toMatchObject([{ code: 'parse', path: '', line: 3, column: 1 }]);
  });
});

describe('duplicate keys', () => {
  it('reports each duplicate as a JSON Pointer, and keeps the last value like JSON.parse', () => {
    const text = '{"a":1,"b":{"c":1,"c":2,"x/y":0,"x/y":1},"a":3}';
    const result = parsed(text);
    expect(result.value).toStrictEqual(JSON.parse(text));
    expect(result.duplicateKeys).toEqual(['/b/c', '/b/x~1y', '/a']);
  });
  it('does not confuse keys of different objects', () => {
    expect(parsed('[{"a":1},{"a":2}]').duplicateKeys).toEqual([]);
  });
  it('locates members at their key and array elements at their value', () => {
    const result = parsed('{\n  "list": [\n    10,\n    {"k": true}\n  ]\n}');
    expect(result.locate('')).toMatchObject({ line: 1, column: 1 });
    expect(result.locate('/list')).toMatchObject({ line: 2, column: 3 });
    expect(result.locate('/list/0')).toMatchObject({ line: 3, column: 5 });
    expect(result.locate('/list/1/k')).toMatchObject({ line: 4, column: 6 });
    expect(result.locate('/nope')).toBeUndefined();
  });
});

describe('limits', () => {
  it('returns too-deep for 100,000 nested arrays without throwing', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(parseJson(text)).toMatchObject({ ok: false, code: 'too-deep', location: { line: 1, column: 257 } });
    expect(parseJson(text, { maxDepth: 10, maxLocations: 10, maxValues: 100 })).toMatchObject({ ok: false, code: 'too-deep', location: { column: 11 } });
  });
  it('returns too-deep for 100,000 nested objects too', () => {
    const text = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    expect(parseJson(text)).toMatchObject({ ok: false, code: 'too-deep' });
  });
  it('returns too-large past maxValues', () => {
    expect(parseJson('[1,2,3,4]', { maxDepth: 10, maxLocations: 10, maxValues: 4 })).toMatchObject({ ok: false, code: 'too-large', location: { column: 8 } });
    expect(parseJson('[1,2,3]', { maxDepth: 10, maxLocations: 10, maxValues: 4 })).toMatchObject({ ok: true });
  });
  it('stops recording locations past maxLocations but still parses', () => {
    const result = parsed('[1,2,3]');
    expect(result.locate('/2')).toBeDefined();
    const limited = parseJson('[1,2,3]', { maxDepth: 10, maxLocations: 2, maxValues: 100 });
    expect(limited.ok && limited.value).toEqual([1, 2, 3]);
    expect(limited.ok && limited.locate('/2')).toBeUndefined();
  });
});

describe('byte order mark', () => {
  it('is rejected by the bare parser, like JSON.parse', () => {
    expect(() => JSON.parse('\ufeff{}')).toThrow();
    expect(parseJson('\ufeff{}')).toMatchObject({ ok: false, code: 'parse', location: { line: 1, column: 1 } });
  });
  it('is skipped by validateStory', () => {
    expect(validateStory('\ufeff' + JSON.stringify(choiceStory()))).toEqual([]);
  });
  it('only at the very start', () => {
    expect(validateStory(' \ufeff' + JSON.stringify(choiceStory()))).toMatchObject([{ code: 'parse', line: 1, column: 2 }]);
  });
});
