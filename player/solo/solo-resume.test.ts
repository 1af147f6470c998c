import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Story } from '../../engine/story.ts';
import { positionAt } from '../../engine/timeline.ts';
import { resumeRun } from './solo-resume.ts';
import { SAVE_FORMAT, readSave, storyVersion, writeSave, type SoloSave } from './solo-save.ts';
import { SoloSession } from './solo-session.ts';
import { runUntil } from '../../test/support/solo-clock.ts';

const demo = JSON.parse(readFileSync(new URL('../../stories/demo.json', import.meta.url), 'utf8')) as Story;


/** Intro played, quiz answered right, "walk" taken, 3 s into walk at session time 25.5 s. */
function walkedRun(): SoloSave {
  const s = new SoloSession(demo);
  s.command(0, { type: 'play' });
  runUntil(s, 4000);
  s.command(4000, { type: 'answer', quiz: 'liar', option: 1 });
  runUntil(s, 13_000);
  s.command(13_000, { type: 'choose', option: 'walk' });
  runUntil(s, 23_000);
  return { format: SAVE_FORMAT, story: demo.id, storyVersion: storyVersion(demo), log: JSON.parse(JSON.stringify(s.inputs())) as SoloSave['log'], now: 23_000, savedAt: 0, play: 'p' };
}

class MapStorage {
  readonly map = new Map<string, string>();
  getItem(k: string) { return this.map.get(k) ?? null; }
  setItem(k: string, v: string) { this.map.set(k, v); }
  removeItem(k: string) { this.map.delete(k); }
}

describe('resuming a saved solo run', () => {
  it('lands at the saved instant and position, paused, with the same variables', () => {
    const saved = walkedRun();
    const s = new SoloSession(demo);
    const resumed = resumeRun(s, saved, storyVersion(demo));
    expect(resumed).toEqual({ now: 23_000, notice: null });
    const snap = s.snapshot();
    expect(snap.node).toBe('walk');
    expect(snap.timeline.playing).toBe(false);
    expect(positionAt(snap.timeline, 23_000)).toBeCloseTo(3, 6);
    expect(snap.vars).toMatchObject({ trust: 1 });
  });

  it('replays a changed story as far as the path fits, and says so', () => {
    const saved = walkedRun();
    // The new version no longer offers "walk": the path stops before that choice.
    const changed = structuredClone(demo);
    changed.nodes.intro!.choice!.options = changed.nodes.intro!.choice!.options.filter((o) => o.id !== 'walk');
    changed.nodes.walk!.ending = { title: 'Gone' };
    const s = new SoloSession(changed);
    const resumed = resumeRun(s, saved, storyVersion(changed));
    expect(resumed.notice).toMatch(/changed since your last visit/);
    expect(s.snapshot().node).toBe('intro');
    expect(s.snapshot().timeline.playing).toBe(false);
    // A cosmetic change keeps the whole path, with a note.
    const retitled = { ...demo, title: 'The Heist (director\'s cut)' };
    const t = new SoloSession(retitled);
    expect(resumeRun(t, saved, storyVersion(retitled)).notice).toMatch(/updated since your last visit; your path still fits/);
    expect(t.snapshot().node).toBe('walk');
  });

  it('starts afresh, with a message, from a save that does not fold', () => {
    const s = new SoloSession(demo);
    const garbage = { ...walkedRun(), log: [{ type: 'command', t: 1 }] as unknown as SoloSave['log'] };
    expect(resumeRun(s, garbage, storyVersion(demo)).notice).toMatch(/could not be read/);
    expect(s.inputs()).toEqual([]);
  });

  it('reads back only well-formed saves of the same story', () => {
    const storage = new MapStorage();
    const saved = walkedRun();
    writeSave(storage, saved);
    expect(readSave(storage, demo.id)).toEqual(saved);
    storage.setItem(`branchcast:solo:${demo.id}`, '{"format":"something else"}');
    expect(readSave(storage, demo.id)).toBeUndefined();
    storage.setItem(`branchcast:solo:${demo.id}`, 'not json');
    expect(readSave(storage, demo.id)).toBeUndefined();
  });
});
