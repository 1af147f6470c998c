import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateStory } from '../validate.ts';
import { importTwee } from './twine-import.ts';

/** Real Twee 3 from the Twine Cookbook (stories/twine/LICENSE.md): the same recipe in SugarCube and in Harlowe. */
const read = (name: string) => readFileSync(new URL(`../../stories/twine/${name}`, import.meta.url), 'utf8');

describe.each([
  ['lock-and-key-sugarcube.twee', 'lock-and-key-variable-in-sugarcube', 14, '<<linkreplace "Pick up the key">>', 5],
  ['lock-and-key-harlowe.twee', 'lock-and-key-variable-in-harlowe', 25, '(link: "Pick up key")', 2],
])('the Twine Cookbook story %s', (file, id, line, macro, column) => {
  const result = importTwee(read(file));
  const story = result.story!;

  it('imports the passages, the set, the guarded exit and the ending', () => {
    expect(story.id).toBe(id);
    expect(story.start).toBe('start');
    expect(story.variables).toEqual({ key: false });
    expect(story.nodes.start!.effects).toEqual([{ on: 'enter', set: { key: false } }]);
    expect(story.nodes['front-room']!.choice!.options).toEqual([
      { id: 'exit', label: 'Exit', to: 'exit', if: { '==': [{ var: 'key' }, true] } },
      { id: 'back-room', label: 'Back Room', to: 'back-room' },
    ]);
    expect(story.nodes['back-room']!.next).toBe('front-room');
    expect(story.nodes.exit!.ending).toEqual({ title: 'Exit' });
  });

  it('reports exactly the click-to-pick-up macro, which cannot map, and the placeholder media', () => {
    const findings = result.diagnostics.filter((d) => d.code !== 'placeholder-media');
    expect(findings).toEqual([{
      severity: 'error', code: 'unmapped-macro', path: '/nodes/back-room', passage: 'Back Room', line, column,
      message: `passage 'Back Room': ${macro} does not map; skipped with it: 1 set(s): $key to true`,
    }]);
    expect(result.placeholders.sort()).toEqual(['back-room', 'exit', 'front-room', 'start']);
  });

  it('validates clean', () => {
    expect(validateStory(story)).toEqual([]);
  });
});
