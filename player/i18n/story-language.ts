/**
 * The viewer's story language. The room (and a solo run's room core) carries
 * every text in the story's default language, so votes, events and analytics
 * never depend on who reads them; the player swaps in the viewer's language
 * itself, from the story it already holds, matching options by id and quizzes
 * by quiz id. Ad-hoc quizzes (not in the story) stay as the host typed them.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Hotspot, Quiz, Story, Text } from '../../engine/story.ts';
import { pickLanguage, textIn } from '../../engine/text.ts';
import type { ChoiceView, QuizView } from '../sync/room-model.ts';
import { readSavedChoice, saveChoice } from '../controllers/saved-choice.ts';

export { languageMenu, languageMenuStyles } from '../overlays/language-menu.ts';

/** Where the viewer's language choice is kept across visits (one for every story, like captions). */
export const LANGUAGE_STORAGE_KEY = 'branchcast.language';

export class StoryLanguageController implements ReactiveController {
  #saved: string | null = null;
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
    this.#saved = readSavedChoice(LANGUAGE_STORAGE_KEY);
  }

  hostConnected(): void {}

  /** The language to show `story` in: the saved choice if the story has it, else the browser's best match, else the default. */
  language(story: Story | null): string | undefined {
    if (!story?.languages) return undefined;
    const wanted = this.#saved === null ? [] : [this.#saved];
    return pickLanguage([...wanted, ...(navigator.languages ?? [])], story);
  }

  choose(lang: string): void {
    this.#saved = lang;
    saveChoice(LANGUAGE_STORAGE_KEY, lang);
    this.#host.requestUpdate();
  }
}

/** A room view's texts in `lang`, taken from the story (what the room sent stays where the story has nothing). */
export interface Localized {
  choice: ChoiceView | null;
  quizzes: QuizView[];
  hotspots: Hotspot[];
  ended: string | null;
}

export function localize(story: Story | null, lang: string | undefined, node: string, v: Localized): Localized {
  if (!story?.languages) return v;
  const t = (text: Text | undefined, fallback: string): string => (text === undefined ? fallback : textIn(text, lang, story));
  const storyChoice = v.choice ? story.nodes[v.choice.node]?.choice : undefined;
  const choice = v.choice && storyChoice
    ? { ...v.choice, ...(storyChoice.prompt === undefined ? {} : { prompt: t(storyChoice.prompt, '') }), options: v.choice.options.map((o) => ({ id: o.id, label: t(storyChoice.options.find((s) => s.id === o.id)?.label, o.label) })) }
    : v.choice;
  const quizzes = v.quizzes.map((q) => {
    const s = q.node === null ? undefined : storyQuiz(story, q.node, q.quiz);
    return s ? { ...q, prompt: t(s.prompt, q.prompt), options: q.options.map((o, i) => t(s.options[i], o)) } : q;
  });
  const hotspots = v.hotspots.map((h) => ({ ...h, ...(h.label === undefined ? {} : { label: t(h.label, '') }), ...(h.kind === 'coupon' && h.offer !== undefined ? { offer: t(h.offer, '') } : {}) }));
  const ending = story.nodes[node]?.ending;
  return { choice, quizzes, hotspots, ended: v.ended !== null && ending ? t(ending.title, v.ended) : v.ended };
}

function storyQuiz(story: Story, node: string, id: string): Quiz | undefined {
  return story.nodes[node]?.quizzes?.find((q) => q.id === id);
}
