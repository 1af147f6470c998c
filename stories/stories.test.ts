import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analysePaths, validateStory, type Story } from '../engine/index.ts';
import { generateStressStory } from './generate-stress.ts';

const dir = new URL('./', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe.each(files)('stories/%s', (file) => {
  const text = readFileSync(new URL(file, dir), 'utf8');
  const story = JSON.parse(text) as Story;

  it('validates clean', () => {
    expect(validateStory(text)).toEqual([]);
  });

  // Drives the compiled machine with every meaningful event (not the JSON graph).
  it('reaches every ending and never gets stuck', () => {
    const analysis = analysePaths(story);
    expect(analysis.truncated).toBe(false);
    expect(analysis.stuck).toEqual([]);
    expect(analysis.unreachableEndings).toEqual([]);
    const endings = Object.keys(story.nodes).filter((id) => story.nodes[id]?.ending);
    expect(analysis.endings.map((e) => e.ending).sort()).toEqual(endings.sort());
    for (const path of analysis.endings) {
      expect(path.nodes[0]).toBe(story.start);
      expect(path.nodes.at(-1)).toBe(path.ending);
    }
  });
});

describe('story inventory', () => {
  it('has the demo, lesson and stress stories', () => {
    expect(files).toEqual(expect.arrayContaining(['demo.json', 'lesson.json', 'stress.json']));
  });

  it('demo covers the features the issue names', () => {
    const demo = JSON.parse(readFileSync(new URL('demo.json', dir), 'utf8')) as Story;
    const nodes = Object.values(demo.nodes);
    expect(nodes.filter((n) => n.choice?.mode === 'vote').length).toBeGreaterThanOrEqual(1);
    expect(nodes.filter((n) => n.choice?.mode === 'host').length).toBeGreaterThanOrEqual(1);
    expect(nodes.some((n) => n.choice?.options.some((o) => o.if !== undefined))).toBe(true);
    expect(nodes.some((n) => (n.quizzes ?? []).length > 0)).toBe(true);
    const kinds = nodes.flatMap((n) => (n.hotspots ?? []).map((h) => h.kind));
    expect(kinds).toEqual(expect.arrayContaining(['coupon', 'ar']));
    expect(nodes.some((n) => n.choice?.loop)).toBe(true);
    expect(nodes.filter((n) => n.ending).length).toBeGreaterThanOrEqual(3);
  });

  it('lesson takes the remedial branch only on a low score', () => {
    const lesson = JSON.parse(readFileSync(new URL('lesson.json', dir), 'utf8')) as Story;
    const route = lesson.nodes.halves?.next;
    expect(Array.isArray(route)).toBe(true);
    expect(analysePaths(lesson).states).toBeGreaterThan(0);
  });

  it('stress.json is exactly what its generator produces', () => {
    const onDisk = JSON.parse(readFileSync(new URL('stress.json', dir), 'utf8')) as Story;
    expect(Object.keys(onDisk.nodes).length).toBeGreaterThanOrEqual(200);
    expect(onDisk).toEqual(generateStressStory());
  });
});
