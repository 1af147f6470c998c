import type { Story, Text } from './story.ts';

/**
 * The story's default language: `language` when given (it must be one of
 * `languages`), else the first of `languages`. Undefined for a one-language
 * story that names none, whose texts are all plain strings.
 */
export function defaultLanguage(story: Pick<Story, 'language' | 'languages'>): string | undefined {
  return story.language ?? story.languages?.[0];
}

/**
 * A text as one string: in `lang` when the text has it, else in the story's
 * default language, else its first value. Plain strings come back unchanged,
 * so callers need not know whether a story is multilingual. Total: a missing
 * text is ''.
 */
export function textIn(text: Text | undefined, lang: string | undefined, story: Pick<Story, 'language' | 'languages'>): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  const fallback = defaultLanguage(story);
  return (lang !== undefined ? text[lang] : undefined)
    ?? (fallback !== undefined ? text[fallback] : undefined)
    ?? Object.values(text)[0]
    ?? '';
}

/** The story default's string: what events, snapshots, analytics and the CLI carry, so they stay language-independent. */
export function defaultText(text: Text | undefined, story: Pick<Story, 'language' | 'languages'>): string {
  return textIn(text, defaultLanguage(story), story);
}

/**
 * Which of the story's languages suits a viewer: the first of `wanted`
 * (e.g. navigator.languages) the story has, by exact tag then by primary
 * subtag (`fr-CA` → `fr`), else the default.
 */
export function pickLanguage(wanted: readonly string[], story: Pick<Story, 'language' | 'languages'>): string | undefined {
  const have = story.languages ?? [];
  const lower = have.map((l) => l.toLowerCase());
  for (const w of wanted) {
    const exact = lower.indexOf(w.toLowerCase());
    if (exact >= 0) return have[exact];
    const primary = w.toLowerCase().split('-')[0];
    const loose = lower.findIndex((l) => l.split('-')[0] === primary);
    if (loose >= 0) return have[loose];
  }
  return defaultLanguage(story);
}
