import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Story } from '../../engine/story.ts';
import { SoloSession } from './solo-session.ts';
import { runUntil } from '../../test/support/solo-clock.ts';

const demo = JSON.parse(readFileSync(new URL('../../stories/demo.json', import.meta.url), 'utf8')) as Story;


describe('SoloSession (the room core driven by one viewer)', () => {
  it('the viewer resolves a vote choice and a host choice, and reaches an ending', () => {
    const s = new SoloSession(demo);
    s.command(0, { type: 'play' });
    runUntil(s, 13_000);
    expect(s.snapshot().phase).toBe('open');
    s.command(13_000, { type: 'choose', option: 'vault' });
    runUntil(s, 20_500);
    expect(s.snapshot().node).toBe('vault');
    runUntil(s, 27_000);
    s.command(27_000, { type: 'choose', option: 'grab' });
    runUntil(s, 60_000);
    const end = s.snapshot();
    expect(end.ended).toBe(true);
    expect(end.node).toBe('getaway');
    expect(end.vars.loot).toBe(1_000_000);
  });

  it('going back to a choice restores the variables and hash as they were, and a saved log resumes to the same hash', () => {
    const s = new SoloSession(demo);
    s.command(0, { type: 'play' });
    runUntil(s, 13_000);
    const before = s.snapshot().vars;
    s.command(13_000, { type: 'choose', option: 'vault' });
    runUntil(s, 27_000);
    s.command(27_000, { type: 'choose', option: 'grab' });
    runUntil(s, 40_000);
    expect(s.snapshot().vars).not.toEqual(before);
    const points = s.choices();
    expect(points.map((p) => p.option)).toEqual(['vault', 'grab']);

    const saved = JSON.parse(JSON.stringify(s.inputs())) as typeof s.inputs extends () => infer R ? R : never;
    const resumed = new SoloSession(demo);
    expect(resumed.restore(saved)).toBe(saved.length);
    expect(resumed.hash()).toBe(s.hash());

    s.goBack(points[0]!, 41_000);
    const back = s.snapshot();
    expect(back.node).toBe('intro');
    expect(back.vars).toEqual(before);
    expect(s.choices()).toEqual([]);
  });
});
