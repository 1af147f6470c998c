import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Story } from '../../engine/story.ts';
import { diagnosticsAt, StoryDraft } from './story-draft.ts';

const demoText = readFileSync(new URL('../../stories/demo.json', import.meta.url), 'utf8');
const demo = JSON.parse(demoText) as Story;

describe('StoryDraft', () => {
  it('re-validates every edit, and undo/redo walk the edits back and forth', () => {
    const d = new StoryDraft(structuredClone(demo), '"v1"');
    expect(d.errors).toBe(0);
    expect(d.dirty).toBe(false);
    d.edit((s) => { s.nodes.intro!.choice!.options[0]!.to = 'nowhere'; });
    expect(d.dirty).toBe(true);
    expect(diagnosticsAt(d.diagnostics, '/nodes/intro').map((x) => x.code)).toContain('missing-target');
    d.edit((s) => { s.title = 'Renamed'; });
    d.undo();
    expect(d.story.title).toBe(demo.title);
    d.undo();
    expect(d.errors).toBe(0);
    expect(d.canUndo).toBe(false);
    d.redo();
    expect(d.errors).toBeGreaterThan(0);
    d.redo();
    expect(d.story.title).toBe('Renamed');
  });

  it('round-trips: an edit changes only what it touched, keys keep their order', () => {
    const d = new StoryDraft(structuredClone(demo));
    d.edit((s) => { s.nodes.vault!.title = 'The Big Vault'; });
    const before = JSON.stringify(JSON.parse(demoText), null, 2).split('\n');
    const after = d.text().trimEnd().split('\n');
    const changed = after.filter((line, i) => line !== before[i]);
    expect(changed).toEqual(['      "title": "The Big Vault",']);
  });

  it('keeps raw JSON that does not parse, with a parse diagnostic, until it is fixed', () => {
    const d = new StoryDraft(structuredClone(demo));
    d.setText('{ "format": ');
    expect(d.text()).toBe('{ "format": ');
    expect(d.diagnostics[0]?.code).toBe('parse');
    expect(d.dirty).toBe(true);
    d.setText(JSON.stringify({ ...demo, title: 'From JSON' }));
    expect(d.story.title).toBe('From JSON');
    expect(d.errors).toBe(0);
    d.undo();
    expect(d.story.title).toBe(demo.title);
  });

  it('an edit that changes nothing is not an undo step; a save clears dirty', () => {
    const d = new StoryDraft(structuredClone(demo));
    expect(d.edit((s) => { s.title = demo.title; })).toBe(false);
    expect(d.canUndo).toBe(false);
    d.edit((s) => { s.title = 'x'; });
    d.saved('"v2"');
    expect(d.dirty).toBe(false);
    expect(d.etag).toBe('"v2"');
  });
});
