import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Story } from '../../../engine/story.ts';
import { generateStressStory } from '../../../stories/generate-stress.ts';
import { conditionText } from './condition-text.ts';
import { storyGraph } from './story-map-graph.ts';
import { CARD_H, NODE_GAP } from './map-geometry.ts';
import { layoutGraph, LayoutCache } from './story-map-layout.ts';

const demo = JSON.parse(readFileSync(new URL('../../../stories/demo.json', import.meta.url), 'utf8')) as Story;
const media = { src: 'x/manifest.mpd', duration: 10 };

describe('storyGraph', () => {
  it('has a card per node and an edge per option of the demo, labelled with the option', () => {
    const g = storyGraph(demo);
    expect(g.nodes.map((n) => n.id)).toEqual(['intro', 'vault', 'getaway', 'caught', 'walk']);
    expect(g.nodes.find((n) => n.id === 'intro')).toMatchObject({ start: true, title: 'The Plan', ending: null });
    expect(g.nodes.find((n) => n.id === 'walk')).toMatchObject({ start: false, ending: 'Clean hands' });
    expect(g.edges.map((e) => [e.from, e.to, e.label, e.conditional])).toEqual([
      ['intro', 'vault', 'Crack the vault', false],
      ['intro', 'walk', 'Walk away', true],
      ['vault', 'getaway', 'Grab the diamonds', false],
      ['vault', 'caught', 'Trip the alarm', false],
    ]);
    expect(g.edges.every((e) => !e.missing && e.kind === 'option')).toBe(true);
  });

  it('labels next as "then", routes by their condition and the fallback as "otherwise"; missing targets are kept', () => {
    const story: Story = {
      format: 'branchcast/story@1', id: 's', title: 'S', start: 'a', variables: { score: 0 },
      nodes: {
        a: { media, next: 'b' },
        b: { media, next: [{ to: 'c', if: { '<': [{ var: 'score' }, 2] } }, { to: 'ghost' }] },
        c: { media, ending: { title: 'End' } },
      },
    };
    const g = storyGraph(story);
    expect(g.edges.map((e) => [e.key, e.to, e.label, e.kind, e.missing])).toEqual([
      ['a#0', 'b', 'then', 'next', false],
      ['b#0', 'c', 'score < 2', 'route', false],
      ['b#1', 'ghost', 'otherwise', 'route', true],
    ]);
  });

  it('keeps its structure on a label edit and changes it when an edge moves', () => {
    const edited = structuredClone(demo);
    edited.nodes.intro!.title = 'Renamed';
    edited.nodes.intro!.choice!.options[0]!.label = 'Other label';
    expect(storyGraph(edited).structure).toBe(storyGraph(demo).structure);
    edited.nodes.intro!.choice!.options[0]!.to = 'caught';
    expect(storyGraph(edited).structure).not.toBe(storyGraph(demo).structure);
  });

  it('survives a half-written draft', () => {
    const draft = { format: 'branchcast/story@1', id: 'd', title: 'D', start: 'a', nodes: { a: { media, choice: { options: [{ id: 'x' }] } }, b: null } } as unknown as Story;
    const g = storyGraph(draft);
    expect(g.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(g.edges).toEqual([expect.objectContaining({ from: 'a', to: '', label: 'x', missing: true })]);
  });
});

describe('conditionText', () => {
  it('renders short conditions and falls back to "if …"', () => {
    expect(conditionText({ '>': [{ var: 'trust' }, 0] })).toBe('trust > 0');
    expect(conditionText({ or: [{ var: 'keycard' }, { '==': [{ var: 'level' }, 2] }] })).toBe('keycard or level == 2');
    expect(conditionText({ and: [{ var: 'a' }, { or: [{ var: 'b' }, { var: 'c' }] }] })).toBe('a and (b or c)');
    expect(conditionText({ not: { var: 'alarm' } })).toBe('not alarm');
    expect(conditionText({ in: [{ var: 'role' }, ['spy', 'thief']] })).toBe('role in [spy, thief]');
    expect(conditionText({ '==': [{ var: 'name' }, 'Ana'] })).toBe('name == "Ana"');
    expect(conditionText({ and: [{ '>': [{ var: 'trust' }, 10] }, { '<': [{ var: 'suspicion' }, 3] }, { var: 'alarm' }] })).toBe('if …');
    expect(conditionText({ bogus: 1 } as never)).toBe('if …');
  });
});

describe('layout', () => {
  it('puts the demo in columns by distance from the start, left to right', () => {
    const l = layoutGraph(storyGraph(demo));
    const x = (id: string) => l.cards.get(id)!.x;
    expect(x('intro')).toBeLessThan(x('vault'));
    expect(x('vault')).toBe(x('walk'));
    expect(x('getaway')).toBe(x('caught'));
    expect(x('vault')).toBeLessThan(x('getaway'));
  });

  it('is deterministic, and the cache returns the same positions for the same structure', () => {
    const stress = generateStressStory();
    const a = layoutGraph(storyGraph(stress));
    const b = layoutGraph(storyGraph(generateStressStory()));
    expect([...b.cards]).toEqual([...a.cards]);
    const cache = new LayoutCache();
    const first = cache.get(storyGraph(demo));
    const relabelled = structuredClone(demo);
    relabelled.nodes.vault!.choice!.options[1]!.label = 'Sound the alarm';
    expect(cache.get(storyGraph(relabelled))).toBe(first);
  });

  it('does not reshuffle the map for a new node: same columns, same order, shifts of at most one card', () => {
    const stress = generateStressStory();
    const before = layoutGraph(storyGraph(stress));
    const grown = structuredClone(stress);
    grown.nodes.extra = { media, ending: { title: 'Extra' } };
    grown.nodes.n05_03!.choice!.options.push({ id: 'z', label: 'New', to: 'extra' });
    const after = layoutGraph(storyGraph(grown));
    const ids = [...before.cards.keys()];
    for (const id of ids) {
      expect(after.cards.get(id)!.x, id).toBe(before.cards.get(id)!.x);
      expect(Math.abs(after.cards.get(id)!.y - before.cards.get(id)!.y), id).toBeLessThanOrEqual(CARD_H + NODE_GAP);
    }
    // Column by column, top to bottom: the same sequence before and after.
    const columnOrder = (l: typeof before) => [...ids].sort((a, b) => l.cards.get(a)!.x - l.cards.get(b)!.x || l.cards.get(a)!.y - l.cards.get(b)!.y);
    expect(columnOrder(after)).toEqual(columnOrder(before));
  });

  it('places a marker for each edge to a missing node, right of its source', () => {
    const broken = structuredClone(demo);
    broken.nodes.vault!.choice!.options[0]!.to = 'nowhere';
    const l = layoutGraph(storyGraph(broken));
    const marker = l.missing.get('vault#0');
    expect(marker).toBeDefined();
    expect(marker!.x).toBeGreaterThan(l.cards.get('vault')!.x);
  });
});
