import { describe, expect, it } from 'vitest';
import { validateStory } from '../../engine/validate.ts';
import { getAt, setAt } from './json-edit.ts';
import { addNode, connect, deleteNode, newStory, renameNode } from './story-edits.ts';

const errors = (s: unknown) => validateStory(s).filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.path}`);

describe('story edits', () => {
  it('builds a story from nothing that validates at every step it should', () => {
    const s = newStory('tale', 'A tale');
    expect(errors(s)).toEqual([]);
    const a = addNode(s);
    const b = addNode(s);
    connect(s, 'start', a); // ending → next
    expect(s.nodes.start!.next).toBe(a);
    connect(s, 'start', b); // next → vote choice between both
    expect(s.nodes.start!.choice?.options.map((o) => o.to)).toEqual([a, b]);
    expect(errors(s)).toEqual([]);
    connect(s, 'start', a); // a second option to the same node gets its own id
    expect(new Set(s.nodes.start!.choice!.options.map((o) => o.id)).size).toBe(3);
  });

  it('renames a node everywhere and keeps the order of nodes', () => {
    const s = newStory('tale', 'A tale');
    const a = addNode(s);
    connect(s, 'start', a);
    expect(renameNode(s, 'start', 'opening')).toBe(true);
    expect(Object.keys(s.nodes)).toEqual(['opening', a]);
    expect(s.start).toBe('opening');
    expect(s.nodes.opening!.media.src).toBe('tale/opening/manifest.mpd');
    expect(renameNode(s, a, 'opening')).toBe(false);
    expect(renameNode(s, a, '__proto__')).toBe(false);
    expect(errors(s)).toEqual([]);
  });

  it('deleting a node leaves its references for the validator to show', () => {
    const s = newStory('tale', 'A tale');
    const a = addNode(s);
    connect(s, 'start', a);
    deleteNode(s, a);
    expect(errors(s)).toContain('missing-target /nodes/start/next');
    deleteNode(s, 'start');
    expect(s.nodes.start).toBeDefined();
  });

  it('json-edit: reads and writes by JSON Pointer, removes with undefined, never touches __proto__', () => {
    const s = newStory('tale', 'A tale') as unknown as Record<string, unknown>;
    expect(setAt(s, '/nodes/start/media/duration', 12)).toBe(true);
    expect(getAt(s, '/nodes/start/media/duration')).toBe(12);
    expect(setAt(s, '/nodes/start/title', undefined)).toBe(true);
    expect(getAt(s, '/nodes/start/title')).toBeUndefined();
    expect(setAt(s, '/nodes/a~1b/title', 'slash')).toBe(true);
    expect(getAt(s, '/nodes/a~1b/title')).toBe('slash');
    expect(setAt(s, '/__proto__/polluted', true)).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
