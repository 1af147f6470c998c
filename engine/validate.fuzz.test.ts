/**
 * Totality of validateStory: random values, random story-shaped values, random
 * mutations of the real stories and huge hostile inputs all come back as
 * well-formed diagnostics, never as an exception, each in under a second.
 * Seeds are fixed so a failure replays; run counts keep the file well under 20 s.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { compileStory } from './compile.ts';
import { describeSnapshot } from './describe.ts';
import type { Diagnostic, DiagnosticCode } from './diagnostic.ts';
import { escapeToken } from './json-pointer.ts';
import type { Story } from './story.ts';
import { possibleEvents } from './story-events.ts';
import { patch } from '../test/support/story-fixtures.ts';
import { LIMITS, validateStory } from './validate.ts';

const SEED = 20_261_123;
const BOUND_MS = 1000;

const CODES: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'parse', 'too-large', 'too-deep', 'schema', 'duplicate-id', 'missing-start', 'missing-target', 'unreachable-node', 'dead-end', 'trap',
  'no-ending', 'bad-window', 'bad-region', 'unknown-variable', 'unused-variable', 'type-mismatch', 'guarded-default', 'bad-media-src',
  'missing-media', 'bad-captions', 'captions-past-end', 'untranslatable-text', 'unknown-language', 'missing-translation', 'too-many-diagnostics', 'no-effect',
]);
const POINTER = /^(?:\/(?:[^~/]|~[01])*)*$/;

/**
 * Validates and checks the result is total and bounded. The time is wall-clock
 * (performance.now); a slow call on a starved CI core is re-measured, so only
 * an input that is slow three times running fails the bound (a superlinear
 * input is slow every time; at load average 19 on 2 cores, twice was seen).
 */
function validateTotal(input: unknown): Diagnostic[] {
  let diagnostics: Diagnostic[] = [];
  let best = Infinity;
  for (let attempt = 0; attempt < 3 && best >= BOUND_MS; attempt++) {
    const start = performance.now();
    diagnostics = validateStory(input);
    best = Math.min(best, performance.now() - start);
  }
  expect(best).toBeLessThan(BOUND_MS);
  expect(Array.isArray(diagnostics)).toBe(true);
  expect(diagnostics.length).toBeLessThanOrEqual(LIMITS.maxDiagnostics + 1);
  for (const d of diagnostics) expectWellFormed(d);
  return diagnostics;
}

function expectWellFormed(d: Diagnostic): void {
  // 'internal' means the validator caught its own exception: a bug, not a finding.
  expect(CODES.has(d.code), `code ${d.code}: ${d.message}`).toBe(true);
  expect(['error', 'warning']).toContain(d.severity);
  expect(d.path).toMatch(POINTER);
  expect(typeof d.message === 'string' && d.message.length > 0).toBe(true);
  expect(Object.keys(d).every((k) => ['severity', 'code', 'path', 'message', 'line', 'column'].includes(k))).toBe(true);
  if (d.line !== undefined || d.column !== undefined) {
    expect(Number.isInteger(d.line) && d.line! >= 1).toBe(true);
    expect(Number.isInteger(d.column) && d.column! >= 1).toBe(true);
  }
}

/** Any UTF-16 code unit, lone surrogates included (fc.string's 'binary' unit is slow to warm up). */
const anyChar = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyString = fc.array(anyChar, { maxLength: 60 }).map((chars) => chars.join(''));

const brief = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}`);

const storiesDir = new URL('../stories/', import.meta.url);
const stories = readdirSync(storiesDir).filter((f) => f.endsWith('.json')).sort().map((file) => {
  const text = readFileSync(new URL(file, storiesDir), 'utf8');
  const value = JSON.parse(text) as Story;
  return { file, text, value, pointers: pointersOf(value), nodeIds: Object.keys(value.nodes) };
});

/** Every JSON Pointer into a JSON value except the root. */
function pointersOf(value: unknown): string[] {
  const out: string[] = [];
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [v, p] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    for (const [k, child] of Object.entries(v)) {
      const q = `${p}/${escapeToken(k)}`;
      out.push(q);
      stack.push([child, q]);
    }
  }
  return out.sort();
}

/** Node ids the story points at: its start, every next and every option's to. */
function targetsOf(story: Story): Set<string> {
  const out = new Set([story.start]);
  for (const node of Object.values(story.nodes)) {
    if (typeof node.next === 'string') out.add(node.next);
    for (const r of Array.isArray(node.next) ? node.next : []) out.add(r.to);
    for (const o of node.choice?.options ?? []) out.add(o.to);
  }
  return out;
}

describe('random input', () => {
  it('JSON values, as values and as text, give the same findings', () => {
    // A string argument is story text, so only non-string values have a text twin.
    fc.assert(fc.property(fc.jsonValue().filter((v) => typeof v !== 'string'), (value) => {
      const fromValue = validateTotal(value);
      const fromText = validateTotal(JSON.stringify(value));
      expect(brief(fromText)).toEqual(brief(fromValue));
    }), { seed: SEED, numRuns: 150 });
  });

  it('anything JavaScript can hold', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withSparseArray: true, withTypedArray: true, withDate: true, withBigInt: true }), (value) => {
      validateTotal(value);
    }), { seed: SEED, numRuns: 300 });
  });

  it('arbitrary strings, and JSON text with one character broken', () => {
    fc.assert(fc.property(fc.oneof(anyString, fc.array(fc.constantFrom(...'{}[]":,0123456789.-+eEtrufalsn \n\\u'), { maxLength: 60 }).map((chars) => chars.join(''))), (text) => {
      const [first] = validateTotal(text);
      if (first) expect(['parse', 'schema', 'too-deep']).toContain(first.code);
    }), { seed: SEED, numRuns: 300 });
    fc.assert(fc.property(fc.jsonValue(), fc.nat(), anyChar, (value, at, ch) => {
      const text = JSON.stringify(value);
      const i = at % text.length;
      validateTotal(text.slice(0, i) + ch + text.slice(i + 1));
    }), { seed: SEED, numRuns: 200 });
  });

  it('non-object inputs are schema errors at the root', () => {
    for (const input of [undefined, null, 0, -0, Number.NaN, Infinity, true, Symbol('s'), 10n, () => 1, new Date(0), new Map(), [], Object.create(null)]) {
      const diagnostics = validateTotal(input);
      expect(diagnostics.length).toBeGreaterThan(0);
      expect(diagnostics.every((d) => d.severity === 'error')).toBe(true);
    }
  });
});

describe('random story-shaped values', () => {
  // Small id pools so targets, duplicates and variables collide often; the
  // validator then gets past the schema and the semantic checks run.
  const nodeIds = ['a', 'b', 'c', 'd'] as const;
  const varNames = ['n', 'f', 's', 'ghost'] as const;
  const optionIds = ['o1', 'o2', 'o3'] as const;
  const time = fc.integer({ min: 0, max: 25 });
  const scalar = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.boolean(), fc.constantFrom('x', 'y', ''));
  const varRef = fc.record({ var: fc.constantFrom(...varNames) });
  const { condition } = fc.letrec<{ condition: unknown }>((tie) => ({
    condition: fc.oneof(
      { depthSize: 'small' },
      scalar,
      varRef,
      fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>='), tie('condition'), tie('condition')).map(([op, l, r]) => ({ [op]: [l, r] })),
      fc.tuple(fc.constantFrom('and', 'or'), fc.array(tie('condition'), { minLength: 1, maxLength: 3 })).map(([op, list]) => ({ [op]: list })),
      tie('condition').map((c) => ({ not: c })),
      fc.tuple(fc.oneof(scalar, varRef), fc.oneof(fc.array(scalar, { maxLength: 3 }), fc.constantFrom('xy', ''), varRef)).map((pair) => ({ in: pair })),
    ),
  }));
  const effect = fc.record({
    set: fc.dictionary(fc.constantFrom(...varNames), scalar, { maxKeys: 2 }),
    add: fc.dictionary(fc.constantFrom(...varNames), fc.integer({ min: -3, max: 3 }), { maxKeys: 2 }),
    toggle: fc.array(fc.constantFrom(...varNames), { maxLength: 2 }),
  }, { requiredKeys: [] });
  const option = fc.record({
    id: fc.constantFrom(...optionIds),
    label: fc.constant('Go'),
    to: fc.constantFrom(...nodeIds, 'nowhere'),
    if: condition,
    effects: fc.array(effect, { maxLength: 2 }),
  }, { requiredKeys: ['id', 'label', 'to'] });
  const choice = fc.record({
    opens: time,
    closes: time,
    mode: fc.constantFrom('vote', 'host', 'timer'),
    default: fc.constantFrom(...optionIds),
    options: fc.array(option, { minLength: 1, maxLength: 3 }),
    switchAt: time,
    loop: fc.oneof(fc.boolean(), fc.record({ from: time })),
  }, { requiredKeys: ['opens', 'closes', 'mode', 'default', 'options'] });
  const quiz = fc.record({
    id: fc.constantFrom('q1', 'q2'),
    prompt: fc.constant('?'),
    options: fc.constant(['A', 'B']),
    answer: fc.integer({ min: 0, max: 2 }),
    opens: time,
    closes: time,
    award: fc.constantFrom(...varNames),
    points: fc.integer({ min: 0, max: 5 }),
  }, { requiredKeys: ['id', 'prompt', 'options', 'answer', 'opens', 'closes'] });
  const unit = fc.double({ min: 0, max: 1, noNaN: true });
  const hotspot = fc.record({
    id: fc.constantFrom('h1', 'h2'),
    from: time,
    to: time,
    region: fc.record({ x: unit, y: unit, w: fc.double({ min: 0.01, max: 1, noNaN: true }), h: fc.double({ min: 0.01, max: 1, noNaN: true }) }),
    extra: fc.oneof(
      fc.record({ kind: fc.constant('seek'), seekTo: time }),
      fc.record({ kind: fc.constant('choice'), option: fc.constantFrom(...optionIds) }),
      fc.record({ kind: fc.constant('ar'), overlay: fc.constantFrom('ar/x.png', '../x.png') }),
      fc.record({ kind: fc.constant('coupon'), campaign: fc.constant('spring') }),
    ),
  }).map(({ extra, ...h }) => ({ ...h, ...extra }));
  const exit = fc.oneof(
    choice.map((c) => ({ choice: c })),
    fc.constantFrom(...nodeIds, 'nowhere').map((next) => ({ next })),
    fc.array(fc.record({ to: fc.constantFrom(...nodeIds, 'nowhere'), if: condition }, { requiredKeys: ['to'] }), { maxLength: 3 }).map((next) => ({ next })),
    fc.constant({ ending: { title: 'End' } }),
    fc.constant({}),
  );
  const node = fc.tuple(
    fc.record({
      media: fc.record({ src: fc.constantFrom('x/manifest.mpd', '../x.mpd'), duration: fc.integer({ min: 1, max: 25 }) }),
      quizzes: fc.array(quiz, { maxLength: 2 }),
      hotspots: fc.array(hotspot, { maxLength: 2 }),
      effects: fc.array(effect.map((e) => ({ on: 'enter', ...e })), { maxLength: 1 }),
    }, { requiredKeys: ['media'] }),
    exit,
  ).map(([n, e]) => ({ ...n, ...e }));
  const story = fc.record({
    format: fc.constant('branchcast/story@1'),
    id: fc.constant('fuzz'),
    title: fc.constant('Fuzz'),
    start: fc.constantFrom(...nodeIds),
    variables: fc.record({ n: fc.integer({ min: -2, max: 2 }), f: fc.boolean(), s: fc.constantFrom('x', 'y') }, { requiredKeys: [] }),
    nodes: fc.dictionary(fc.constantFrom(...nodeIds), node, { minKeys: 1 }),
  });

  it('validate totally, and alike as a value and as text', () => {
    let semantic = 0;
    fc.assert(fc.property(story, (value) => {
      const diagnostics = validateTotal(value);
      expect(brief(validateTotal(JSON.stringify(value, null, 1)))).toEqual(brief(diagnostics));
      if (!diagnostics.some((d) => d.code === 'schema')) semantic++;
    }), { seed: SEED, numRuns: 100 });
    // The generator must get past the schema often, or this test proves little.
    expect(semantic).toBeGreaterThan(30);
  });
});

describe('random valid stories', () => {
  // Valid by construction: node i leaves by next, by an unconditional last route
  // or by a default option to a later node, so an ending is always reachable;
  // guarded routes and other options go anywhere.
  const ids = ['n0', 'n1', 'n2', 'n3', 'n4'];
  const { condition } = fc.letrec<{ condition: unknown }>((tie) => ({
    condition: fc.oneof(
      { depthSize: 'small' },
      fc.integer({ min: -1, max: 2 }).map((k) => ({ '>': [{ var: 'n' }, k] })),
      fc.constantFrom('x', 'y').map((v) => ({ '==': [{ var: 's' }, v] })),
      fc.constant({ var: 'f' }),
      fc.constant({ in: [{ var: 's' }, ['x', 'z']] }),
      tie('condition').map((c) => ({ not: c })),
      fc.tuple(fc.constantFrom('and', 'or'), fc.array(tie('condition'), { minLength: 1, maxLength: 2 })).map(([op, list]) => ({ [op]: list })),
    ),
  }));
  const effect = fc.oneof(
    fc.integer({ min: -2, max: 2 }).map((k) => ({ add: { n: k } })),
    fc.constant({ toggle: ['f'] }),
    fc.constantFrom('x', 'y').map((v) => ({ set: { s: v } })),
  );
  const later = (i: number) => fc.integer({ min: i + 1, max: ids.length - 1 }).map((j) => ids[j]!);
  const anywhere = fc.constantFrom(...ids);
  const node = (i: number) => {
    const media = { src: `${ids[i]}/manifest.mpd`, duration: 10 };
    if (i === ids.length - 1) return fc.constant({ media, ending: { title: 'End' } });
    const quizzes = fc.subarray([
      { id: `q${i}a`, prompt: '?', options: ['A', 'B'], answer: 1, opens: 1, closes: 2, award: 'n' },
      { id: `q${i}b`, prompt: '?', options: ['A', 'B'], answer: 0, opens: 3, closes: 4, points: 3, award: 'n' },
    ]);
    const extra = fc.record({ quizzes, effects: fc.array(effect.map((e) => ({ on: 'enter', ...e })), { maxLength: 1 }) }, { requiredKeys: [] });
    const options = fc.tuple(
      later(i),
      fc.array(fc.record({ to: anywhere, if: condition, effects: fc.array(effect, { maxLength: 1 }) }, { requiredKeys: ['to'] }), { maxLength: 2 }),
      fc.array(effect, { maxLength: 1 }),
    ).map(([first, rest, effects]) => [
      { id: 'o0', label: 'Default', to: first, effects },
      ...rest.map((o, k) => ({ id: `o${k + 1}`, label: 'Other', ...o })),
    ]);
    const choice = fc.record({
      opens: fc.constant(5),
      closes: fc.constant(8),
      mode: fc.constantFrom('vote', 'host', 'timer'),
      default: fc.constant('o0'),
      options,
      loop: fc.oneof(fc.boolean(), fc.constant({ from: 5 })),
    }, { requiredKeys: ['opens', 'closes', 'mode', 'default', 'options'] });
    const routes = fc.tuple(fc.array(fc.record({ to: anywhere, if: condition }), { maxLength: 2 }), later(i)).map(([guarded, last]) => [...guarded, { to: last }]);
    const exit = fc.oneof(later(i).map((next) => ({ next })), routes.map((next) => ({ next })), choice.map((c) => ({ choice: c })));
    return fc.tuple(extra, exit).map(([x, e]) => ({ media, ...x, ...e }));
  };
  const story = fc.record({
    format: fc.constant('branchcast/story@1'),
    id: fc.constant('random'),
    title: fc.constant('Random'),
    start: fc.constant('n0'),
    variables: fc.constant({ n: 0, f: false, s: 'x' }),
    nodes: fc.tuple(...ids.map((_, i) => node(i))).map((nodes) => Object.fromEntries(nodes.map((n, i) => [ids[i]!, n]))),
  });

  it('validate without errors, compile, and survive any sequence of meaningful events', () => {
    fc.assert(fc.property(story, fc.array(fc.nat(), { maxLength: 40 }), (value, picks) => {
      const errors = validateTotal(value).filter((d) => d.severity === 'error');
      expect(errors).toEqual([]);
      const s = value as unknown as Story;
      const actor = createActor(compileStory(s)).start();
      for (const pick of picks) {
        const events = possibleEvents(s, describeSnapshot(s, actor.getSnapshot()));
        if (events.length === 0) break;
        actor.send(events[pick % events.length]!);
        expect(actor.getSnapshot().status).not.toBe('error');
      }
      actor.stop();
    }), { seed: SEED, numRuns: 150 });
  });
});

describe('mutations of stories/*.json', () => {
  const story = fc.nat().map((i) => stories[i % stories.length]!);

  it('has stories to mutate', () => {
    expect(stories.map((s) => s.file)).toContain('demo.json');
  });

  it('delete a key or element', () => {
    fc.assert(fc.property(story, fc.nat(), (s, pick) => {
      validateTotal(patch(s.value, s.pointers[pick % s.pointers.length]!, undefined));
    }), { seed: SEED, numRuns: 60 });
  });

  it('replace a value with a random JSON value', () => {
    fc.assert(fc.property(story, fc.nat(), fc.jsonValue({ maxDepth: 3 }), (s, pick, replacement) => {
      const mutated = patch(s.value, s.pointers[pick % s.pointers.length]!, replacement);
      validateTotal(mutated);
      validateTotal(JSON.stringify(mutated, null, 2));
    }), { seed: SEED, numRuns: 40 });
  });

  it('rename a node', () => {
    fc.assert(fc.property(story, fc.nat(), fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom('intro', 'end', '__proto__', 'constructor', '')), (s, pick, name) => {
      const from = s.nodeIds[pick % s.nodeIds.length]!;
      const nodes = Object.fromEntries(Object.entries(s.value.nodes).map(([id, n]) => [id === from ? name : id, n]));
      const diagnostics = validateTotal({ ...s.value, nodes });
      if (name !== from && !s.nodeIds.includes(name) && /^[A-Za-z0-9_-]{1,64}$/.test(name)) {
        // The old id is gone: whatever pointed at it (or started there) now misses.
        if (targetsOf(s.value).has(from)) expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
      }
    }), { seed: SEED, numRuns: 60 });
  });

  it('duplicate a node, as a value and as a repeated key in the text', () => {
    fc.assert(fc.property(story, fc.nat(), (s, pick) => {
      const id = s.nodeIds[pick % s.nodeIds.length]!;
      const node = s.value.nodes[id];
      validateTotal(patch(s.value, `/nodes/${id}_copy`, node));
      const compact = JSON.stringify(s.value);
      const at = compact.indexOf('"nodes":{') + '"nodes":{'.length;
      const text = compact.slice(0, at) + `${JSON.stringify(id)}:${JSON.stringify(node)},` + compact.slice(at);
      expect(brief(validateTotal(text))).toContain(`error duplicate-id /nodes/${id}`);
    }), { seed: SEED, numRuns: 30 });
  });

  it('truncate the text at a random offset', () => {
    fc.assert(fc.property(story, fc.nat(), (s, at) => {
      // Any proper prefix of an object's text is incomplete.
      const cut = at % s.text.trimEnd().length;
      const diagnostics = validateTotal(s.text.slice(0, cut));
      expect(diagnostics).toMatchObject([{ severity: 'error', code: 'parse' }]);
    }), { seed: SEED, numRuns: 60 });
  });

  it('flip a character of the text', () => {
    fc.assert(fc.property(story, fc.nat(), anyChar, (s, at, ch) => {
      const i = at % s.text.length;
      validateTotal(s.text.slice(0, i) + ch + s.text.slice(i + 1));
    }), { seed: SEED, numRuns: 60 });
  });
});

describe('huge and hostile input', () => {
  const TEN_MB = 10 * 1024 * 1024;

  /** Deterministic bytes (xorshift32), so the input is the same on every run. */
  function randomBytes(length: number, seed: number, alphabet?: string): Uint8Array {
    const bytes = new Uint8Array(length);
    let x = seed >>> 0 || 1;
    for (let i = 0; i < length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      bytes[i] = alphabet ? alphabet.charCodeAt(x % alphabet.length) : x & 0xff;
    }
    return bytes;
  }

  it('10 MB of random bytes, as latin1 and as UTF-8', () => {
    const bytes = randomBytes(TEN_MB, SEED);
    for (const text of [Buffer.from(bytes).toString('latin1'), Buffer.from(bytes).toString('utf8')]) {
      expect(validateTotal(text)).toMatchObject([{ severity: 'error', code: 'parse', line: expect.any(Number), column: expect.any(Number) }]);
    }
  });

  it('10 MB of random JSON punctuation', () => {
    const text = Buffer.from(randomBytes(TEN_MB, SEED + 1, '[[[{{""::,,]]]}}0123456789tfn -.eE\n\\')).toString('latin1');
    expect(validateTotal('[' + text)).toMatchObject([{ severity: 'error' }]);
  });

  it('10 MB of opening brackets', () => {
    expect(validateTotal('['.repeat(TEN_MB))).toMatchObject([{ code: 'too-deep', line: 1, column: LIMITS.maxDepth + 1 }]);
    expect(validateTotal('{"a":'.repeat(TEN_MB / 5))).toMatchObject([{ code: 'too-deep' }]);
  });

  it('10 MB inside one string value', () => {
    const story = { ...stories[0]!.value, description: 'x'.repeat(TEN_MB) };
    expect(brief(validateTotal(JSON.stringify(story)))).toEqual(['error schema /description']);
  });

  it('100,000 nested arrays, as text and as a value', () => {
    const depth = 100_000;
    expect(validateTotal('['.repeat(depth) + ']'.repeat(depth))).toMatchObject([{ severity: 'error', code: 'too-deep', path: '' }]);
    let value: unknown[] = [];
    for (let i = 1; i < depth; i++) value = [value];
    expect(validateTotal(value)).toMatchObject([{ severity: 'error', code: 'too-deep', path: '' }]);
  });

  it('100,000 nested objects and conditions as values', () => {
    let value: unknown = 1;
    for (let i = 0; i < 100_000; i++) value = { a: value };
    expect(validateTotal(value)).toMatchObject([{ code: 'too-deep' }]);
    let condition: unknown = true;
    for (let i = 0; i < 100_000; i++) condition = { not: condition };
    const demo = stories.find((s) => s.file === 'demo.json')!.value;
    expect(validateTotal(patch(demo, '/nodes/intro/choice/options/1/if', condition))).toMatchObject([{ code: 'too-deep' }]);
  });

  it('the deepest condition the limits allow', () => {
    const demo = stories.find((s) => s.file === 'demo.json')!.value;
    let condition: unknown = { '>': [{ var: 'trust' }, 0] };
    // The guard sits 6 levels down; each `not` adds one.
    for (let i = 0; i < LIMITS.maxDepth - 10; i++) condition = { not: condition };
    expect(validateTotal(patch(demo, '/nodes/intro/choice/options/1/if', condition))).toEqual([]);
    expect(validateTotal(JSON.stringify(patch(demo, '/nodes/intro/choice/options/1/if', condition)))).toEqual([]);
  });

  it('many diagnostics are capped', () => {
    const demo = stories.find((s) => s.file === 'demo.json')!.value;
    // 300 nodes with 5 unknown properties each: 1,500 schema findings, none of them oversized.
    const junk = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`x${i}`, i]));
    const nodes = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`n${i}`, { ...demo.nodes.walk, ...junk }]));
    const diagnostics = validateTotal({ ...demo, nodes: { ...demo.nodes, ...nodes } });
    expect(diagnostics).toHaveLength(LIMITS.maxDiagnostics + 1);
    expect(diagnostics.at(-1)).toMatchObject({ severity: 'warning', code: 'too-many-diagnostics', path: '' });
  });
});

describe('inputs that once made validation superlinear or crash', () => {
  const demo = () => structuredClone(stories.find((s) => s.file === 'demo.json')!.value);
  const cases: Array<[string, () => unknown]> = [
    ['20,000 empty effects', () => patch(demo(), '/nodes/intro/effects', Array.from({ length: 20_000 }, () => ({})))],
    ['100,000 null options', () => patch(demo(), '/nodes/intro/choice/options', Array.from({ length: 100_000 }, () => null))],
    ['2,000 options with a null condition', () => patch(demo(), '/nodes/intro/choice/options', Array.from({ length: 2000 }, () => ({ if: null })))],
    ['20,000 null nodes', () => ({ ...demo(), nodes: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`n${i}`, null])) })],
    ['10,000 null nodes (at the limit)', () => ({ ...demo(), nodes: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`n${i}`, null])) })],
    ['200,000 unknown top-level keys', () => ({ ...demo(), ...Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, 1])) })],
    ['a sparse array of 5,000,000', () => ({ ...demo(), tags: new Array(5_000_000) })],
  ];
  it.each(cases)('%s: bounded time, findings not crashes, as value and as text', (_name, make) => {
    const value = make();
    for (const input of [value, JSON.stringify(value)]) {
      const diagnostics = validateTotal(input);
      expect(diagnostics.length).toBeGreaterThan(0);
      expect(diagnostics.some((d) => d.code === 'internal')).toBe(false);
    }
  });

  it('refuses __proto__ as a node id, which would corrupt the compiled machine', () => {
    const text = JSON.stringify(demo()).replace('"walk":{', '"__proto__":{').replace('"to":"walk"', '"to":"__proto__"');
    const diagnostics = validateTotal(text);
    expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});
