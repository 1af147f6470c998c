import { describe, expect, it } from 'vitest';
import type { Story } from '../../engine/story.ts';
import type { ChoiceView, QuizView } from '../sync/room-model.ts';
import { localize } from './story-language.ts';

const story = {
  format: 'branchcast/story@1', id: 's', title: 'S', start: 'a', language: 'en', languages: ['en', 'fr'],
  nodes: {
    a: {
      media: { src: 'a.mpd', duration: 20 },
      quizzes: [{ id: 'q', prompt: { en: 'Who?', fr: 'Qui ?' }, options: ['Ana', { en: 'Nobody', fr: 'Personne' }], answer: 0, opens: 1, closes: 5 }],
      hotspots: [{ id: 'h', kind: 'seek', label: { en: 'Skip', fr: 'Passer' }, from: 0, to: 5, region: { x: 0, y: 0, w: 0.1, h: 0.1 }, seekTo: 6 }],
      choice: { prompt: { en: 'Which?', fr: 'Lequel ?' }, opens: 6, closes: 9, mode: 'vote', default: 'x', options: [{ id: 'x', label: { en: 'X', fr: 'Iks' }, to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] },
    },
    b: { media: { src: 'b.mpd', duration: 5 }, ending: { title: { en: 'The end', fr: 'Fin' } } },
  },
} satisfies Story;

// What the room sends: the default language's strings, by id.
const choice: ChoiceView = { node: 'a', mode: 'vote', prompt: 'Which?', options: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }], default: 'x', closes: 9, counts: { x: 2, y: 0 }, total: 2 };
const quiz: QuizView = { quiz: 'q', node: 'a', prompt: 'Who?', options: ['Ana', 'Nobody'], points: 1 };
const adHoc: QuizView = { quiz: 'live', node: null, prompt: 'Typed by the host', options: ['a', 'b'], points: 1 };

describe('localize', () => {
  it('puts the viewer language in, by option id and quiz id, and keeps counts and ids', () => {
    const v = localize(story, 'fr', 'a', { choice, quizzes: [quiz, adHoc], hotspots: story.nodes.a.hotspots, ended: null });
    expect(v.choice).toEqual({ ...choice, prompt: 'Lequel ?', options: [{ id: 'x', label: 'Iks' }, { id: 'y', label: 'Y' }] });
    expect(v.quizzes).toEqual([{ ...quiz, prompt: 'Qui ?', options: ['Ana', 'Personne'] }, adHoc]);
    expect(v.hotspots[0]?.label).toBe('Passer');
    expect(localize(story, 'fr', 'b', { choice: null, quizzes: [], hotspots: [], ended: 'The end' }).ended).toBe('Fin');
  });

  it('leaves a one-language story as the room sent it', () => {
    const plain = { ...story, languages: undefined };
    const v = { choice, quizzes: [quiz], hotspots: [], ended: null };
    expect(localize(plain, 'fr', 'a', v)).toBe(v);
  });
});
