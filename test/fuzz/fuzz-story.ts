/**
 * The story the server fuzz suites play: one long node whose vote, story quiz
 * and hotspots (a coupon and a link) are all open at position 0, so that
 * generated commands reach every accepting path of the room while it stays
 * paused (a paused room changes only through commands, which is what lets
 * the suites tell which batches may change its state hash).
 */
import type { CommandVocabulary } from '../support/msgpack-arbitrary.ts';

export const FUZZ_STORY_ID = 'fuzz';

const region = { x: 0.1, y: 0.1, w: 0.2, h: 0.2 };

export const FUZZ_STORY = {
  format: 'branchcast/story@1',
  id: FUZZ_STORY_ID,
  title: 'Fuzz',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'fuzz/a.mpd', duration: 600 },
      choice: { opens: 0, closes: 590, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] },
      quizzes: [{ id: 'q1', prompt: 'Q?', options: ['A', 'B'], answer: 0, opens: 0, closes: 500 }],
      hotspots: [
        { id: 'coupon', kind: 'coupon', from: 0, to: 500, region, campaign: 'fuzz', limit: 1_000_000 },
        { id: 'link', kind: 'link', from: 0, to: 500, region, url: 'https://example.com/' },
      ],
    },
    b: { media: { src: 'fuzz/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

/** Names the story offers, so that generated commands are often accepted. */
export const FUZZ_VOCABULARY: CommandVocabulary = { options: ['x', 'y'], quizzes: ['q1'], hotspots: ['coupon', 'link'] };
