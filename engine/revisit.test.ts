import { describe, expect, it } from 'vitest';
import { canRevisit } from './revisit.ts';
import { choiceStory, minimalStory, patch, patchAll } from '../test/support/story-fixtures.ts';
import { validateStory } from './validate.ts';

const brief = (input: unknown) => validateStory(input).map((d) => [d.severity, d.code, d.path]);

describe('revisit in the schema', () => {
  it('accepts booleans at the story top level and on a choice', () => {
    for (const value of [true, false]) {
      expect(brief(patch(choiceStory(), '/revisit', value))).toEqual([]);
      expect(brief(patch(choiceStory(), '/nodes/a/choice/revisit', value))).toEqual([]);
    }
  });
  it('refuses anything but a boolean', () => {
    for (const value of ['false', 0, 1, null, {}, []]) {
      expect(brief(patch(choiceStory(), '/revisit', value))).toEqual([['error', 'schema', '/revisit']]);
      expect(brief(patch(choiceStory(), '/nodes/a/choice/revisit', value))).toEqual([['error', 'schema', '/nodes/a/choice/revisit']]);
    }
  });
  it('is not a node or option property', () => {
    expect(brief(patch(choiceStory(), '/nodes/a/revisit', false))).toEqual([['error', 'schema', '/nodes/a/revisit']]);
    expect(brief(patch(choiceStory(), '/nodes/a/choice/options/0/revisit', false))).toEqual([['error', 'schema', '/nodes/a/choice/options/0/revisit']]);
  });
});

describe('revisit diagnostics', () => {
  it('warns no-effect when a choice turns on what the story turned off', () => {
    const story = patchAll(choiceStory(), [['/revisit', false], ['/nodes/a/choice/revisit', true]]);
    const diagnostics = validateStory(story);
    expect(diagnostics).toMatchObject([{ severity: 'warning', code: 'no-effect', path: '/nodes/a/choice/revisit' }]);
    expect(diagnostics[0]?.message).toMatch(/revisit: false/);
  });
  it('is quiet for every other combination', () => {
    for (const [top, own] of [[undefined, true], [true, true], [true, false], [false, false], [false, undefined], [undefined, false]] as const) {
      expect(brief(patchAll(choiceStory(), [['/revisit', top], ['/nodes/a/choice/revisit', own]]))).toEqual([]);
    }
  });
  it('locates the warning in story text', () => {
    const text = JSON.stringify(patchAll(choiceStory(), [['/revisit', false], ['/nodes/a/choice/revisit', true]]), null, 2);
    const [d] = validateStory(text);
    expect(d).toMatchObject({ code: 'no-effect', line: expect.any(Number), column: expect.any(Number) });
  });
});

describe('canRevisit', () => {
  it('defaults to true for a node with a choice', () => {
    expect(canRevisit(choiceStory(), 'a')).toBe(true);
  });
  it('is false for nodes without a choice and for unknown or inherited names', () => {
    expect(canRevisit(choiceStory(), 'end')).toBe(false);
    expect(canRevisit(minimalStory(), 'a')).toBe(false);
    expect(canRevisit(choiceStory(), 'nowhere')).toBe(false);
    expect(canRevisit(choiceStory(), '__proto__')).toBe(false);
    expect(canRevisit(choiceStory(), 'toString')).toBe(false);
  });
  it('follows the choice, and the story wins when it says false', () => {
    expect(canRevisit(patch(choiceStory(), '/nodes/a/choice/revisit', false), 'a')).toBe(false);
    expect(canRevisit(patch(choiceStory(), '/nodes/a/choice/revisit', true), 'a')).toBe(true);
    expect(canRevisit(patch(choiceStory(), '/revisit', false), 'a')).toBe(false);
    expect(canRevisit(patchAll(choiceStory(), [['/revisit', false], ['/nodes/a/choice/revisit', true]]), 'a')).toBe(false);
    expect(canRevisit(patchAll(choiceStory(), [['/revisit', true], ['/nodes/a/choice/revisit', false]]), 'a')).toBe(false);
  });
});
