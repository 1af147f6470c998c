import { error, warning, type Diagnostic } from './diagnostic.ts';
import { child, pointer } from './json-pointer.ts';
import type { Story, Text } from './story.ts';

/** Every viewer-facing text of a story with its JSON Pointer, in document order. */
export function storyTexts(story: Story): Array<{ path: string; text: Text }> {
  const out: Array<{ path: string; text: Text }> = [];
  const add = (text: Text | undefined, ...tokens: Array<string | number>) => {
    if (text !== undefined) out.push({ path: pointer(...tokens), text });
  };
  add(story.title, 'title');
  add(story.description, 'description');
  for (const [id, node] of Object.entries(story.nodes)) {
    add(node.title, 'nodes', id, 'title');
    add(node.choice?.prompt, 'nodes', id, 'choice', 'prompt');
    node.choice?.options.forEach((o, i) => add(o.label, 'nodes', id, 'choice', 'options', i, 'label'));
    node.quizzes?.forEach((q, i) => {
      add(q.prompt, 'nodes', id, 'quizzes', i, 'prompt');
      q.options.forEach((o, j) => add(o, 'nodes', id, 'quizzes', i, 'options', j));
    });
    node.hotspots?.forEach((h, i) => {
      add(h.label, 'nodes', id, 'hotspots', i, 'label');
      if (h.kind === 'coupon') add(h.offer, 'nodes', id, 'hotspots', i, 'offer');
    });
    add(node.ending?.title, 'nodes', id, 'ending', 'title');
    add(node.ending?.description, 'nodes', id, 'ending', 'description');
  }
  return out;
}

/**
 * Texts in several languages: a `{ lang: text }` object needs the story's
 * `languages` and may only use those keys (errors: a typo'd tag would never be
 * shown); a listed language a text lacks is a warning, since viewers then see
 * the default language's text instead.
 */
export function checkTexts(story: Story): Diagnostic[] {
  const out: Diagnostic[] = [];
  const languages = story.languages;
  if (languages && story.language !== undefined && !languages.includes(story.language)) {
    out.push(error('unknown-language', '/language', `default language '${story.language}' is not one of languages (${languages.join(', ')})`));
  }
  for (const { path, text } of storyTexts(story)) {
    if (typeof text === 'string') continue;
    if (!languages) {
      out.push(error('untranslatable-text', path, 'a text in several languages needs the story\'s "languages" list'));
      continue;
    }
    for (const lang of Object.keys(text)) {
      if (!languages.includes(lang)) out.push(error('unknown-language', child(path, lang), `language '${lang}' is not one of the story's languages (${languages.join(', ')})`));
    }
    const missing = languages.filter((l) => !Object.hasOwn(text, l));
    if (missing.length > 0) out.push(warning('missing-translation', path, `no ${missing.join(', ')} text; viewers in ${missing.length === 1 ? 'that language' : 'those languages'} see the default language's`));
  }
  return out;
}
