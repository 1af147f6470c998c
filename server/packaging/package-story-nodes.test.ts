import { describe, expect, it } from 'vitest';
import type { Story, StoryNode } from '../../engine/story.ts';
import { parseStoryForMedia, StoryMediaError, storyMediaNodes, storyOverlayPaths } from './package-story-nodes.ts';

function story(nodes: Record<string, Partial<StoryNode> & { src?: string }>): Story {
  const full: Record<string, StoryNode> = {};
  for (const [id, { src, ...rest }] of Object.entries(nodes)) full[id] = { media: { src: src ?? `s/${id}/manifest.mpd`, duration: 4 }, ending: { title: id }, ...rest };
  return { format: 'branchcast/story@1', id: 's', title: 'S', start: Object.keys(nodes)[0]!, nodes: full };
}

describe('storyMediaNodes', () => {
  it("gives each node its folder and manifest name", () => {
    expect(storyMediaNodes(story({ a: { src: 'heist/a/main.mpd' }, b: {} })).map(({ id, dir, manifestName }) => ({ id, dir, manifestName }))).toEqual([
      { id: 'a', dir: 'heist/a', manifestName: 'main.mpd' },
      { id: 'b', dir: 's/b', manifestName: 'manifest.mpd' },
    ]);
  });

  it.each([
    ['../outside/manifest.mpd'],
    ['a/../../outside/manifest.mpd'],
    ['/etc/branchcast/manifest.mpd'],
    ['a/b\0/manifest.mpd'],
    ['manifest.mpd'],
    ['a/clip.mp4'],
  ])('refuses media.src %j, which cannot be packaged safely into its own folder', (src) => {
    expect(() => storyMediaNodes(story({ a: { src } }))).toThrow(StoryMediaError);
  });

  it('refuses two nodes sharing one folder (the second would replace the first)', () => {
    expect(() => storyMediaNodes(story({ a: { src: 'x/m.mpd' }, b: { src: 'x/n.mpd' } }))).toThrow(/share the media folder 'x'/);
  });
});

describe('storyOverlayPaths', () => {
  it('lists AR overlays once each and refuses ones outside the media root', () => {
    const ar = (id: string, overlay: string) => ({ id, kind: 'ar' as const, from: 0, to: 1, region: { x: 0, y: 0, w: 1, h: 1 }, overlay });
    expect(storyOverlayPaths(story({ a: { hotspots: [ar('h1', 'ar/x.png'), ar('h2', 'ar/x.png')] }, b: { hotspots: [ar('h3', 'ar/a.png')] } }))).toEqual(['ar/a.png', 'ar/x.png']);
    expect(() => storyOverlayPaths(story({ a: { hotspots: [ar('h', '../x.png')] } }))).toThrow(StoryMediaError);
  });
});

describe('parseStoryForMedia', () => {
  it.each([
    ['not json', /is not JSON/],
    ['{}', /has no nodes/],
    ['{"nodes":{"a":{"media":{"src":"a/m.mpd"}}}}', /node 'a' needs media.src and a media.duration/],
    ['{"nodes":{"a":{"media":{"src":"a/m.mpd","duration":-1}}}}', /node 'a' needs/],
  ])('refuses %j', (text, message) => {
    expect(() => parseStoryForMedia(text, 'x.json')).toThrow(message);
  });
});
