import { describe, expect, it } from 'vitest';
import type { Story } from '../../engine/story.ts';
import type { ChoiceView } from '../sync/room-model.ts';
import { likelyOptions } from './solo-view.ts';

const choice: ChoiceView = { node: 'n', mode: 'vote', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }, { id: 'c', label: 'C' }], default: 'a', closes: 10, counts: {}, total: 0 };
const story = { nodes: { n: { choice: { options: [{ id: 'a', weight: 0.5 }, { id: 'b' }, { id: 'c', weight: 3 }] } } } } as unknown as Story;

describe('likelyOptions (solo prefetch order)', () => {
  it('keeps the story order without weights or a lean', () => {
    expect(likelyOptions(choice, null, null)).toEqual(['a', 'b', 'c']);
  });
  it('orders by the story weights (default 1), stable among equals', () => {
    expect(likelyOptions(choice, null, story)).toEqual(['c', 'b', 'a']);
  });
  it('puts what the viewer leans towards first, and ignores a lean on an option not offered', () => {
    expect(likelyOptions(choice, 'a', story)).toEqual(['a', 'c', 'b']);
    expect(likelyOptions(choice, 'gone', story)).toEqual(['c', 'b', 'a']);
  });
});
