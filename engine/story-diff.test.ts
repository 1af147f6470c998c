import { describe, expect, it } from 'vitest';
import { diffStories } from './story-diff.ts';
import type { Story } from './story.ts';
import { choiceStory, minimalStory } from '../test/support/story-fixtures.ts';

describe('diffStories', () => {
  it('finds nothing between equal stories, whatever their key order', () => {
    const a = minimalStory();
    const b = JSON.parse(JSON.stringify({ nodes: a.nodes, start: a.start, title: a.title, id: a.id, format: a.format })) as Story;
    expect(diffStories(a, b)).toEqual({ nodesAdded: [], nodesRemoved: [], nodesChanged: [], storyFieldsChanged: [] });
  });

  it('lists added, removed and changed nodes with the fields that changed, sorted', () => {
    const from = minimalStory();
    const to = minimalStory();
    to.nodes.b = { media: { src: 'b/manifest.mpd', duration: 5 }, next: 'end' };
    to.nodes.a = { media: { src: 'a/manifest.mpd', duration: 21 }, next: 'b', title: 'A' };
    delete (to.nodes as Record<string, unknown>).end;
    to.nodes.z = { media: { src: 'z/manifest.mpd', duration: 10 }, ending: { title: 'Z' } };
    const diff = diffStories(from, to);
    expect(diff.nodesAdded).toEqual(['b', 'z']);
    expect(diff.nodesRemoved).toEqual(['end']);
    expect(diff.nodesChanged).toEqual([{ id: 'a', fields: ['media', 'next', 'title'] }]);
  });

  it('lists story fields other than nodes, including ones added or removed', () => {
    const from = choiceStory();
    const to = choiceStory();
    to.title = 'Another';
    to.description = 'new';
    delete to.variables;
    expect(diffStories(from, to).storyFieldsChanged).toEqual(['description', 'title', 'variables']);
    expect(diffStories(to, from).storyFieldsChanged).toEqual(['description', 'title', 'variables']);
  });

  it('sees a change deep inside a choice as a change of the choice field', () => {
    const from = choiceStory();
    const to = choiceStory();
    const choice = to.nodes.a?.choice;
    if (!choice?.options[0]) throw new Error('fixture changed');
    choice.options[0].label = 'Renamed';
    expect(diffStories(from, to).nodesChanged).toEqual([{ id: 'a', fields: ['choice'] }]);
  });

  it('treats a node named like an Object.prototype member as an ordinary node', () => {
    const from = minimalStory();
    const to = minimalStory();
    (to.nodes as Record<string, unknown>)['constructor'] = { media: { src: 'c/manifest.mpd', duration: 1 }, ending: { title: 'C' } };
    expect(diffStories(from, to).nodesAdded).toEqual(['constructor']);
    expect(diffStories(to, from).nodesRemoved).toEqual(['constructor']);
  });
});
