import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './diagnostic.ts';
import type { Story } from './story.ts';
import { choiceStory } from '../test/support/story-fixtures.ts';
import { defaultLanguage, defaultText, pickLanguage, textIn } from './text.ts';
import { validateStory } from './validate.ts';
import { exportGraph } from './graph-export.ts';
import { analysePaths } from './paths.ts';

const bilingual = { languages: ['en', 'fr'] };

describe('textIn', () => {
  it('returns plain strings unchanged, whatever the language', () => {
    expect(textIn('Left', 'fr', bilingual)).toBe('Left');
    expect(textIn(undefined, 'fr', bilingual)).toBe('');
  });

  it('picks the requested language, else the default, else the first value', () => {
    const t = { en: 'Left', fr: 'Gauche' };
    expect(textIn(t, 'fr', bilingual)).toBe('Gauche');
    expect(textIn(t, 'de', bilingual)).toBe('Left');
    expect(textIn({ fr: 'Gauche' }, 'de', bilingual)).toBe('Gauche');
    expect(textIn(t, undefined, { language: 'fr', languages: ['en', 'fr'] })).toBe('Gauche');
    expect(defaultText(t, bilingual)).toBe('Left');
  });

  it('the default language is `language`, else the first of `languages`', () => {
    expect(defaultLanguage({ language: 'fr', languages: ['en', 'fr'] })).toBe('fr');
    expect(defaultLanguage(bilingual)).toBe('en');
    expect(defaultLanguage({})).toBeUndefined();
  });
});

describe('pickLanguage', () => {
  it('matches the browser languages exactly, then by primary subtag, else the default', () => {
    expect(pickLanguage(['fr-FR', 'en'], bilingual)).toBe('fr');
    expect(pickLanguage(['de', 'en-GB'], bilingual)).toBe('en');
    expect(pickLanguage(['pt-BR', 'pt'], { languages: ['en', 'pt-BR'] })).toBe('pt-BR');
    expect(pickLanguage(['de'], { language: 'fr', languages: ['en', 'fr'] })).toBe('fr');
  });
});

type Finding = [Diagnostic['severity'], Diagnostic['code'], string];
const findings = (story: Story): Finding[] => validateStory(story).map((d) => [d.severity, d.code, d.path]);

function bilingualStory(): Story {
  const s = choiceStory();
  s.languages = ['en', 'fr'];
  s.title = { en: 'Choice', fr: 'Choix' };
  s.nodes.a!.choice!.options[0]!.label = { en: 'X', fr: 'X fr' };
  return s;
}

describe('validating texts in several languages', () => {
  it('accepts a story whose texts have every language', () => {
    expect(findings(bilingualStory())).toEqual([]);
  });

  it('warns, with the pointer of the text, when a language is missing', () => {
    const s = bilingualStory();
    s.nodes.end!.ending!.title = { en: 'The end' };
    expect(findings(s)).toEqual([['warning', 'missing-translation', '/nodes/end/ending/title']]);
  });

  it('refuses a text object without languages, and a language not in the list', () => {
    const s = bilingualStory();
    s.nodes.a!.choice!.options[1]!.label = { en: 'Y', fr: 'Y fr', de: 'Y de' };
    expect(findings(s)).toEqual([['error', 'unknown-language', '/nodes/a/choice/options/1/label/de']]);
    delete s.languages;
    expect(findings(s).map((f) => f[1])).toEqual(['untranslatable-text', 'untranslatable-text', 'untranslatable-text']);
  });

  it('refuses a default language outside languages, and malformed texts via the schema', () => {
    const s = bilingualStory();
    s.language = 'de';
    expect(findings(s)).toEqual([['error', 'unknown-language', '/language']]);
    const empty = bilingualStory();
    (empty as unknown as { title: unknown }).title = {};
    expect(findings(empty).map((f) => f[1])).toEqual(['schema']);
    const blank = bilingualStory();
    blank.nodes.a!.choice!.options[0]!.label = { en: 'X', fr: '' };
    expect(findings(blank).map((f) => f[1])).toEqual(['schema']);
    // Each language's text has the plain string's length limit (an option label: 200).
    const long = bilingualStory();
    long.nodes.a!.choice!.options[0]!.label = { en: 'X', fr: 'x'.repeat(201) };
    expect(findings(long)).toEqual([['error', 'schema', '/nodes/a/choice/options/0/label/fr']]);
  });
});

describe('what the CLI prints of a story in several languages', () => {
  it('uses the default language, never an object', () => {
    const s = bilingualStory();
    s.nodes.end!.ending!.title = { en: 'The end', fr: 'La fin' };
    expect(analysePaths(s).endings.map((e) => e.title)).toEqual(['The end']);
    const graph = exportGraph(s, 'mermaid');
    expect(graph).toContain('X [default]');
    expect(graph).not.toContain('object Object');
  });
});
