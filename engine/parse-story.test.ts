import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as ParseJsonModule from './parse-json.ts';
import { parseStory } from './parse-story.ts';
import { minimalStory } from '../test/support/story-fixtures.ts';
import { validateStory } from './validate.ts';

// Counts the engine's JSON parser, the one place a story text is parsed.
const parses = vi.hoisted(() => ({ count: 0 }));
vi.mock('./parse-json.ts', async (importOriginal) => {
  const original = await importOriginal<typeof ParseJsonModule>();
  return { ...original, parseJson: (...args: Parameters<typeof original.parseJson>) => (parses.count++, original.parseJson(...args)) };
});
afterEach(() => {
  parses.count = 0;
});

const storiesDir = new URL('../stories/', import.meta.url);

describe('parseStory', () => {
  it('gives the bundled stories as JSON.parse reads them, with the validator’s diagnostics, in one parse each', () => {
    const files = readdirSync(storiesDir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      const text = readFileSync(new URL(file, storiesDir), 'utf8');
      const expected = validateStory(text);
      parses.count = 0;
      const parsed = parseStory(text);
      expect(parses.count, file).toBe(1);
      expect(parsed.story, file).toEqual(JSON.parse(text));
      expect(parsed.diagnostics, file).toEqual(expected);
    }
  });

  it('keeps warnings alongside the story', () => {
    const story = { ...minimalStory(), variables: { unused: 0 } };
    const parsed = parseStory(JSON.stringify(story));
    expect(parsed.story).toEqual(story);
    expect(parsed.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'unused-variable']]);
  });

  it('gives no story when any diagnostic is an error, with the error located in the text', () => {
    const text = JSON.stringify({ ...minimalStory(), start: 'nowhere' }, null, 2);
    const parsed = parseStory(text);
    expect(parsed.story).toBeUndefined();
    expect(parsed.diagnostics).toEqual(validateStory(text));
    expect(parsed.diagnostics.find((d) => d.code === 'missing-start')).toMatchObject({ severity: 'error', path: '/start', line: 5 });
  });

  it('answers unparseable, duplicate-keyed and oversized texts with diagnostics, never a throw', () => {
    expect(parseStory('{"id": ')).toMatchObject({ diagnostics: [{ severity: 'error', code: 'parse', line: 1 }] });
    expect(parseStory('{"id": ')).not.toHaveProperty('story');
    const duplicated = JSON.stringify(minimalStory()).replace('"title":"Minimal"', '"title":"Minimal","title":"Again"');
    expect(parseStory(duplicated).story).toBeUndefined();
    expect(parseStory(duplicated).diagnostics.map((d) => d.code)).toContain('schema');
    expect(parseStory('[]'.padEnd(33 * 1024 * 1024, ' ')).diagnostics.map((d) => d.code)).toEqual(['too-large']);
  });

  it('reads a text with a byte-order mark, which JSON.parse refuses', () => {
    const text = '\ufeff' + JSON.stringify(minimalStory());
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(parseStory(text)).toEqual({ story: minimalStory(), diagnostics: [] });
  });
});
