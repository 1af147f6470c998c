import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, DiagnosticCode, Severity } from './diagnostic.ts';
import { hasErrors } from './diagnostic.ts';
import type { MediaProbe } from './semantic-check.ts';
import { choiceStory, minimalStory, patch, patchAll } from '../test/support/story-fixtures.ts';
import { LIMITS, validateStory } from './validate.ts';

type Finding = [severity: Severity, code: DiagnosticCode, path: string];

const brief = (diagnostics: Diagnostic[]): Finding[] => diagnostics.map((d) => [d.severity, d.code, d.path]);

/** Asserts the exact set of findings (severity, code, path), in order. */
function expectFindings(input: unknown, expected: Finding[], media?: MediaProbe): Diagnostic[] {
  const diagnostics = validateStory(input, media ? { media } : {});
  expect(brief(diagnostics)).toEqual(expected);
  return diagnostics;
}

/** 1-based line and column of `offset` in `text`. */
function locationOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

const quiz = (id: string, opens: number, closes: number, extra: object = {}) => ({ id, prompt: 'Who?', options: ['A', 'B'], answer: 0, opens, closes, ...extra });
const region = { x: 0, y: 0, w: 0.1, h: 0.1 };

const storiesDir = new URL('../stories/', import.meta.url);
const storyFiles = readdirSync(storiesDir).filter((f) => f.endsWith('.json')).sort();

describe('the fixtures', () => {
  it('are clean', () => {
    expectFindings(minimalStory(), []);
    expectFindings(choiceStory(), []);
    expectFindings(JSON.stringify(choiceStory(), null, 2), []);
  });
});

describe('stories/*.json', () => {
  it('finds at least the demo', () => {
    expect(storyFiles).toContain('demo.json');
  });
  it.each(storyFiles)('%s validates with zero errors', (file) => {
    const diagnostics = validateStory(readFileSync(new URL(file, storiesDir), 'utf8'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('parse', () => {
  it('reports line and column on multi-line text', () => {
    const text = '{\n  "format": "branchcast/story@1",\n  "id": "x",\n  "title": oops\n}';
    const [d, ...rest] = validateStory(text);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ severity: 'error', code: 'parse', path: '', line: 4, column: 12 });
  });
  it('locates an error after CRLF line breaks', () => {
    const d = validateStory('{\r\n  "a": 1,\r\n  "b": [1, 2,]\r\n}');
    expect(d).toMatchObject([{ code: 'parse', line: 3, column: 14 }]);
  });
  it('reports an empty document', () => {
    expect(validateStory('')).toMatchObject([{ severity: 'error', code: 'parse', path: '', line: 1, column: 1 }]);
  });
});

describe('too-deep', () => {
  it('rejects text nested past the limit, at the opening bracket', () => {
    const ok = '['.repeat(LIMITS.maxDepth) + ']'.repeat(LIMITS.maxDepth);
    expect(brief(validateStory(ok))).toEqual([['error', 'schema', '']]);
    const deep = '['.repeat(LIMITS.maxDepth + 1) + ']'.repeat(LIMITS.maxDepth + 1);
    expect(validateStory(deep)).toMatchObject([{ severity: 'error', code: 'too-deep', path: '', line: 1, column: LIMITS.maxDepth + 1 }]);
  });
  it('applies the same limit to an object input', () => {
    let value: unknown = [];
    for (let i = 1; i < LIMITS.maxDepth; i++) value = [value];
    expectFindings(value, [['error', 'schema', '']]);
    expectFindings([value], [['error', 'too-deep', '']]);
  });
  it('rejects a cyclic object instead of looping', () => {
    const story: Record<string, unknown> = { ...minimalStory() };
    story.self = story;
    expectFindings(story, [['error', 'too-deep', '']]);
  });
});

describe('too-large', () => {
  it('rejects text longer than the limit', () => {
    expectFindings(' '.repeat(LIMITS.maxTextLength + 1), [['error', 'too-large', '']]);
  });
  it('rejects text with too many values', () => {
    expectFindings('[' + '0,'.repeat(LIMITS.maxValues) + '0]', [['error', 'too-large', '']]);
  });
  it('rejects an object with too many values', () => {
    expectFindings(new Array(LIMITS.maxValues + 1).fill(0), [['error', 'too-large', '']]);
  });
});

describe('schema', () => {
  it('rejects a non-object', () => {
    expectFindings(42, [['error', 'schema', '']]);
    expectFindings('null', [['error', 'schema', '']]);
  });
  it('names an unknown property by its own path', () => {
    expectFindings(patch(choiceStory(), '/nodes/a/color', 'red'), [['error', 'schema', '/nodes/a/color']]);
    expectFindings(patch(minimalStory(), '/bogus', 1), [['error', 'schema', '/bogus']]);
  });
  it('reports a missing media.src at the media object', () => {
    expectFindings(patch(minimalStory(), '/nodes/a/media/src', undefined), [['error', 'schema', '/nodes/a/media']]);
  });
  it('requires https for link hotspots', () => {
    const link = { id: 'h', kind: 'link', from: 1, to: 2, region, url: 'http://shop.example/x' };
    expectFindings(patch(choiceStory(), '/nodes/a/hotspots', [link]), [['error', 'schema', '/nodes/a/hotspots/0/url']]);
    expectFindings(patch(choiceStory(), '/nodes/a/hotspots', [{ ...link, url: 'https://shop.example/x' }]), []);
  });
  it('rejects a node with both a choice and an ending', () => {
    expectFindings(patch(choiceStory(), '/nodes/a/ending', { title: 'Both' }), [['error', 'schema', '/nodes/a']]);
  });
  it('rejects a node with both next and ending', () => {
    expectFindings(patch(minimalStory(), '/nodes/a/ending', { title: 'Both' }), [['error', 'schema', '/nodes/a']]);
  });
  it('reports a duplicate key other than a node id as schema, at the repeated key', () => {
    const text = JSON.stringify(minimalStory()).replace('"title":"Minimal"', '"title":"Minimal","title":"Again"');
    const d = expectFindings(text, [['error', 'schema', '/title']]);
    expect(d[0]).toMatchObject({ line: 1, column: text.indexOf('"title":"Again"') + 1 });
  });
  it('checks semantics only once the shape is right', () => {
    // The missing start would be a semantic error, but the schema error comes first and alone.
    expectFindings(patchAll(minimalStory(), [['/start', 'nowhere'], ['/nodes/a/media/duration', -1]]), [['error', 'schema', '/nodes/a/media/duration']]);
  });
});

describe('duplicate-id', () => {
  it('reports a node key defined twice in the text at /nodes/<id>', () => {
    const text = [
      '{',
      '  "format": "branchcast/story@1", "id": "dup", "title": "Dup", "start": "a",',
      '  "nodes": {',
      '    "a": { "media": { "src": "a.mpd", "duration": 5 }, "next": "end" },',
      '    "end": { "media": { "src": "e.mpd", "duration": 5 }, "ending": { "title": "E" } },',
      '    "a": { "media": { "src": "a2.mpd", "duration": 5 }, "next": "end" }',
      '  }',
      '}',
    ].join('\n');
    const [d] = expectFindings(text, [['error', 'duplicate-id', '/nodes/a']]);
    expect(d?.line).toBeTypeOf('number');
  });
  it('reports a duplicate option id at the second option', () => {
    expectFindings(patch(choiceStory(), '/nodes/a/choice/options/1/id', 'x'), [['error', 'duplicate-id', '/nodes/a/choice/options/1/id']]);
  });
  it('reports a quiz id reused in another node', () => {
    const story = patchAll(choiceStory(), [
      ['/nodes/a/quizzes', [quiz('q', 1, 2)]],
      ['/nodes/end/quizzes', [quiz('q', 1, 2)]],
    ]);
    expectFindings(story, [['error', 'duplicate-id', '/nodes/end/quizzes/0/id']]);
  });
  it('reports a hotspot id reused in another node', () => {
    const seek = { id: 'h', kind: 'seek', from: 1, to: 2, seekTo: 0, region };
    const story = patchAll(choiceStory(), [['/nodes/a/hotspots', [seek]], ['/nodes/end/hotspots', [seek]]]);
    expectFindings(story, [['error', 'duplicate-id', '/nodes/end/hotspots/0/id']]);
  });
});

/** `a` leaves by routes: to `b` while n > 0, else to `end`; `b` adds 1 to n and goes to `end`. */
const routeStory = () => patchAll(choiceStory(), [
  ['/nodes/a/choice', undefined],
  ['/nodes/a/next', [{ to: 'b', if: { '>': [{ var: 'n' }, 0] } }, { to: 'end' }]],
  ['/nodes/b', { media: { src: 'b.mpd', duration: 3 }, next: 'end', effects: [{ on: 'enter', add: { n: 1 } }] }],
]);

describe('conditional next routes', () => {
  it('the route fixture is clean', () => {
    expectFindings(routeStory(), []);
  });
  it("flags a route's missing target at its to", () => {
    expectFindings(patch(routeStory(), '/nodes/a/next/0/to', 'nowhere'), [
      ['warning', 'unreachable-node', '/nodes/b'],
      ['error', 'missing-target', '/nodes/a/next/0/to'],
    ]);
  });
  it('flags a condition on the last route as guarded-default', () => {
    expectFindings(patch(routeStory(), '/nodes/a/next/1/if', true), [['error', 'guarded-default', '/nodes/a/next/1/if']]);
  });
  it('checks route conditions', () => {
    expectFindings(patch(routeStory(), '/nodes/a/next/0/if', { var: 'ghost' }), [['error', 'unknown-variable', '/nodes/a/next/0/if/var']]);
    expectFindings(patch(routeStory(), '/nodes/a/next/0/if', { '==': [{ var: 'n' }, 'x'] }), [['error', 'type-mismatch', '/nodes/a/next/0/if/==']]);
  });
  it('rejects an empty or malformed route list', () => {
    expectFindings(patch(routeStory(), '/nodes/a/next', []), [['error', 'schema', '/nodes/a/next']]);
    expectFindings(patch(routeStory(), '/nodes/a/next/0/to', undefined), [['error', 'schema', '/nodes/a/next/0']]);
  });
  it('follows every route when looking for traps', () => {
    expectFindings(patchAll(routeStory(), [['/nodes/a/next/1/to', 'b'], ['/nodes/b/next', 'a']]), [
      ['warning', 'unreachable-node', '/nodes/end'],
      ['error', 'trap', '/nodes/a'],
    ]);
  });
});

describe('missing-start', () => {
  it('points at /start', () => {
    expectFindings(patch(choiceStory(), '/start', 'nowhere'), [['error', 'missing-start', '/start']]);
  });
});

describe('missing-target', () => {
  it("flags an option's to", () => {
    expectFindings(patch(choiceStory(), '/nodes/a/choice/options/0/to', 'nowhere'), [['error', 'missing-target', '/nodes/a/choice/options/0/to']]);
  });
  it('flags next (the orphaned ending is then unreachable)', () => {
    expectFindings(patch(minimalStory(), '/nodes/a/next', 'nowhere'), [
      ['warning', 'unreachable-node', '/nodes/end'],
      ['error', 'missing-target', '/nodes/a/next'],
    ]);
  });
  it("flags a choice's default that is not one of its options", () => {
    expectFindings(patch(choiceStory(), '/nodes/a/choice/default', 'nowhere'), [['error', 'missing-target', '/nodes/a/choice/default']]);
  });
  it('flags a quiz answer index out of range', () => {
    expectFindings(patch(choiceStory(), '/nodes/a/quizzes', [quiz('q', 1, 2, { answer: 2 })]), [['error', 'missing-target', '/nodes/a/quizzes/0/answer']]);
  });
  it("flags a choice hotspot naming an option the node's choice lacks", () => {
    const hotspot = { id: 'h', kind: 'choice', from: 1, to: 2, region, option: 'nowhere' };
    expectFindings(patch(choiceStory(), '/nodes/a/hotspots', [hotspot]), [['error', 'missing-target', '/nodes/a/hotspots/0/option']]);
    expectFindings(patch(choiceStory(), '/nodes/a/hotspots', [{ ...hotspot, option: 'y' }]), []);
  });
  it('flags a choice hotspot on a node without a choice', () => {
    const hotspot = { id: 'h', kind: 'choice', from: 1, to: 2, region, option: 'x' };
    expectFindings(patch(minimalStory(), '/nodes/a/hotspots', [hotspot]), [['error', 'missing-target', '/nodes/a/hotspots/0/option']]);
  });
});

describe('graph shape', () => {
  it('warns about an unreachable node', () => {
    const orphan = { media: { src: 'o.mpd', duration: 1 }, ending: { title: 'Orphan' } };
    expectFindings(patch(choiceStory(), '/nodes/orphan', orphan), [['warning', 'unreachable-node', '/nodes/orphan']]);
  });
  it('flags a dead end: not an ending, no choice, no next', () => {
    const story = patchAll(choiceStory(), [
      ['/nodes/a/choice/options/1/to', 'stuck'],
      ['/nodes/stuck', { media: { src: 's.mpd', duration: 1 } }],
    ]);
    expectFindings(story, [['error', 'dead-end', '/nodes/stuck']]);
  });
  it('flags a trap: a two-node cycle without a way to an ending', () => {
    const story = patchAll(choiceStory(), [
      ['/nodes/a/choice/options/1/to', 'p'],
      ['/nodes/p', { media: { src: 'p.mpd', duration: 1 }, next: 'q' }],
      ['/nodes/q', { media: { src: 'q.mpd', duration: 1 }, next: 'p' }],
    ]);
    expectFindings(story, [['error', 'trap', '/nodes/p']]);
  });
  it('accepts a cycle that has an exit to an ending', () => {
    const story = patchAll(choiceStory(), [
      ['/nodes/a/choice/options/1/to', 'p'],
      ['/nodes/p', { media: { src: 'p.mpd', duration: 1 }, next: 'a' }],
    ]);
    expectFindings(story, []);
  });
  it('flags a story without an ending at /nodes', () => {
    const story = patch(minimalStory(), '/nodes', { a: { media: { src: 'a.mpd', duration: 1 } } });
    expectFindings(story, [
      ['error', 'no-ending', '/nodes'],
      ['error', 'dead-end', '/nodes/a'],
    ]);
  });
});

describe('bad-window', () => {
  const choice = '/nodes/a/choice';
  it('flags closes <= opens at closes', () => {
    expectFindings(patch(choiceStory(), `${choice}/closes`, 5), [['error', 'bad-window', `${choice}/closes`]]);
    expectFindings(patch(choiceStory(), `${choice}/closes`, 4), [['error', 'bad-window', `${choice}/closes`]]);
  });
  it('flags a window past the media duration', () => {
    expectFindings(patch(choiceStory(), `${choice}/closes`, 30), [['error', 'bad-window', `${choice}/closes`]]);
  });
  it('flags switchAt before closes', () => {
    expectFindings(patch(choiceStory(), `${choice}/switchAt`, 8), [['error', 'bad-window', `${choice}/switchAt`]]);
    expectFindings(patch(choiceStory(), `${choice}/switchAt`, 10), []);
  });
  it('flags a loop point at or past the end of the media', () => {
    expectFindings(patch(choiceStory(), `${choice}/loop`, { from: 20 }), [['error', 'bad-window', `${choice}/loop/from`]]);
  });
  it('flags overlapping quiz windows at the later quiz', () => {
    const story = patch(choiceStory(), '/nodes/a/quizzes', [quiz('q1', 1, 4), quiz('q2', 3, 6)]);
    expectFindings(story, [['error', 'bad-window', '/nodes/a/quizzes/1']]);
    expectFindings(patch(choiceStory(), '/nodes/a/quizzes', [quiz('q1', 1, 4), quiz('q2', 4, 6)]), []);
  });
  it("flags a hotspot's to past the duration", () => {
    const hotspot = { id: 'h', kind: 'seek', from: 1, to: 21, seekTo: 2, region };
    expectFindings(patch(choiceStory(), '/nodes/a/hotspots', [hotspot]), [['error', 'bad-window', '/nodes/a/hotspots/0/to']]);
  });
  it('flags a seek target past the duration', () => {
    const hotspot = { id: 'h', kind: 'seek', from: 1, to: 2, seekTo: 21, region };
    expectFindings(patch(choiceStory(), '/nodes/a/hotspots', [hotspot]), [['error', 'bad-window', '/nodes/a/hotspots/0/seekTo']]);
  });
});

describe('bad-region', () => {
  it('flags a region extending past the frame', () => {
    const hotspot = { id: 'h', kind: 'seek', from: 1, to: 2, seekTo: 2, region: { x: 0.5, y: 0, w: 0.6, h: 0.1 } };
    expectFindings(patch(choiceStory(), '/nodes/a/hotspots', [hotspot]), [['error', 'bad-region', '/nodes/a/hotspots/0/region']]);
    expectFindings(patch(choiceStory(), '/nodes/a/hotspots', [{ ...hotspot, region: { x: 0.4, y: 0.9, w: 0.6, h: 0.1 } }]), []);
  });
});

describe('variables', () => {
  // n: number (from the fixture), s: string, f: boolean; the entry effect uses s and f.
  const typed = () => patchAll(choiceStory(), [
    ['/variables/s', 'str'],
    ['/variables/f', false],
    ['/nodes/a/effects', [{ on: 'enter', set: { s: 't' }, toggle: ['f'] }]],
  ]);
  const guard = '/nodes/a/choice/options/1/if';

  it('the typed fixture is clean', () => {
    expectFindings(typed(), []);
  });
  it('flags an unknown variable in a condition at its var', () => {
    expectFindings(patch(typed(), guard, { '>': [{ var: 'ghost' }, 0] }), [['error', 'unknown-variable', `${guard}/>/0/var`]]);
  });
  it('flags an unknown variable in an effect', () => {
    expectFindings(patch(typed(), '/nodes/a/choice/options/0/effects/0/add/ghost', 1), [
      ['error', 'unknown-variable', '/nodes/a/choice/options/0/effects/0/add/ghost'],
    ]);
  });
  it('flags an unknown quiz award variable', () => {
    expectFindings(patch(typed(), '/nodes/a/quizzes', [quiz('q', 1, 2, { award: 'ghost' })]), [['error', 'unknown-variable', '/nodes/a/quizzes/0/award']]);
  });
  it('warns about an unused variable', () => {
    expectFindings(patch(typed(), '/variables/idle', 1), [['warning', 'unused-variable', '/variables/idle']]);
  });
  it('counts a quiz award as a use', () => {
    const story = patchAll(typed(), [['/variables/score', 0], ['/nodes/a/quizzes', [quiz('q', 1, 2, { award: 'score' })]]]);
    expectFindings(story, []);
  });
  it('flags > on a string variable at the operand', () => {
    expectFindings(patch(typed(), guard, { '>': [{ var: 's' }, 0] }), [['error', 'type-mismatch', `${guard}/>/0`]]);
  });
  it('flags == between a number and a string at the operator', () => {
    expectFindings(patch(typed(), guard, { '==': [{ var: 'n' }, '1'] }), [['error', 'type-mismatch', `${guard}/==`]]);
  });
  it('flags add on a boolean', () => {
    expectFindings(patch(typed(), '/nodes/a/effects/0/add', { f: 1 }), [['error', 'type-mismatch', '/nodes/a/effects/0/add/f']]);
  });
  it('flags set with a value of the wrong type', () => {
    expectFindings(patch(typed(), '/nodes/a/effects/0/set/s', 3), [['error', 'type-mismatch', '/nodes/a/effects/0/set/s']]);
  });
  it('flags toggle on a number', () => {
    expectFindings(patch(typed(), '/nodes/a/effects/0/toggle/-', 'n'), [['error', 'type-mismatch', '/nodes/a/effects/0/toggle/1']]);
  });
  it('flags a quiz award to a boolean', () => {
    expectFindings(patch(typed(), '/nodes/a/quizzes', [quiz('q', 1, 2, { award: 'f' })]), [['error', 'type-mismatch', '/nodes/a/quizzes/0/award']]);
  });
  it('flags a condition that is not boolean', () => {
    expectFindings(patch(typed(), guard, { var: 'n' }), [['error', 'type-mismatch', guard]]);
  });
});

describe('guarded-default', () => {
  it("flags a condition on the default option at its if", () => {
    expectFindings(patch(choiceStory(), '/nodes/a/choice/options/0/if', true), [['error', 'guarded-default', '/nodes/a/choice/options/0/if']]);
  });
});

describe('bad-media-src', () => {
  it.each(['../x.mpd', 'a/../../x.mpd', '/abs/x.mpd', 'https://cdn.example/x.mpd', 'file:x.mpd', 'a\\b.mpd', 'a//b.mpd', './a.mpd'])('rejects %j', (src) => {
    expectFindings(patch(choiceStory(), '/nodes/a/media/src', src), [['error', 'bad-media-src', '/nodes/a/media/src']]);
  });
  it('checks AR overlays too', () => {
    const ar = { id: 'h', kind: 'ar', from: 1, to: 2, region, overlay: '../secret.png' };
    expectFindings(patch(choiceStory(), '/nodes/a/hotspots', [ar]), [['error', 'bad-media-src', '/nodes/a/hotspots/0/overlay']]);
  });
});

describe('missing-media', () => {
  const ar = { id: 'h', kind: 'ar', from: 1, to: 2, region, overlay: 'ar/shades.png' };
  it('is only checked when a media probe is given', () => {
    expectFindings(patch(choiceStory(), '/nodes/a/hotspots', [ar]), []);
  });
  it('flags every missing file the probe does not know', () => {
    const present = new Set(['a/manifest.mpd']);
    const probe: MediaProbe = { exists: (src) => present.has(src) };
    expectFindings(patch(choiceStory(), '/nodes/a/hotspots', [ar]), [
      ['error', 'missing-media', '/nodes/a/hotspots/0/overlay'],
      ['error', 'missing-media', '/nodes/end/media/src'],
    ], probe);
  });
  it('is clean when every file exists', () => {
    expectFindings(choiceStory(), [], { exists: () => true });
  });
});

describe('locations from text input', () => {
  it("points a bad option's diagnostic at its to", () => {
    const text = JSON.stringify(patch(choiceStory(), '/nodes/a/choice/options/1/to', 'nowhere'), null, 2);
    const [d] = expectFindings(text, [['error', 'missing-target', '/nodes/a/choice/options/1/to']]);
    expect(d).toMatchObject(locationOf(text, text.indexOf('"to": "nowhere"')));
  });
  it('points an array element diagnostic at the element', () => {
    const text = JSON.stringify(patch(choiceStory(), '/nodes/a/quizzes', [quiz('q1', 1, 4), quiz('q2', 3, 6)]), null, 2);
    const [d] = expectFindings(text, [['error', 'bad-window', '/nodes/a/quizzes/1']]);
    const second = text.indexOf('{', text.indexOf('"id": "q1"'));
    expect(d).toMatchObject(locationOf(text, second));
  });
  it('escapes ~ and / in paths and still locates them', () => {
    const text = JSON.stringify({ ...minimalStory(), 'x~y/z': 1 }, null, 2);
    const [d] = expectFindings(text, [['error', 'schema', '/x~0y~1z']]);
    expect(d).toMatchObject(locationOf(text, text.indexOf('"x~y/z"')));
  });
  it('gives no location for object input', () => {
    const [d] = expectFindings(patch(choiceStory(), '/start', 'nowhere'), [['error', 'missing-start', '/start']]);
    expect(d).not.toHaveProperty('line');
  });
  it('ignores a byte order mark', () => {
    const text = '\ufeff' + JSON.stringify(choiceStory(), null, 2);
    expectFindings(text, []);
    const bad = '\ufeff' + JSON.stringify(patch(choiceStory(), '/start', 'nowhere'), null, 2);
    const [d] = expectFindings(bad, [['error', 'missing-start', '/start']]);
    expect(d).toMatchObject(locationOf(bad, bad.indexOf('"start"')));
  });
});

describe('severity', () => {
  it('leaves a story with only warnings usable', () => {
    const d = validateStory(patch(choiceStory(), '/variables/idle', 1));
    expect(d.length).toBe(1);
    expect(hasErrors(d)).toBe(false);
  });
});
