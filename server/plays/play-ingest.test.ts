import { describe, expect, it } from 'vitest';
import type { Story } from '../../engine/story.ts';
import { soloPlayInputs, soloStory } from '../../test/support/solo-play.ts';
import { createMemoryPlayStore } from './memory-play-store.ts';
import { createPlayIngest } from './play-ingest.ts';

const story = soloStory('ingest');
const inputs = soloPlayInputs(story);
const batch = (from: number, to: number, storyVersion = 'v1') => ({ play: 'play-ingest', from, inputs: inputs.slice(from, to), storyVersion });

describe('play ingest', () => {
  it('is idempotent, refuses gaps, keeps the first copy of an overlap, and anchors the clock at the first batch', async () => {
    const store = createMemoryPlayStore();
    const ingest = createPlayIngest(store, () => 1_000_000);
    expect(await ingest.ingest(story, batch(0, 3))).toEqual({ outcome: 'stored', stored: 3 });
    expect(await ingest.ingest(story, batch(0, 3))).toEqual({ outcome: 'stored', stored: 3 });
    expect(await ingest.ingest(story, batch(4, 6))).toEqual({ outcome: 'gap', stored: 3 });
    expect(await ingest.ingest(story, batch(2, inputs.length))).toEqual({ outcome: 'stored', stored: inputs.length });
    const stored = await store.read(story.id, 'play-ingest');
    expect(stored?.inputs).toEqual(inputs);
    expect(stored?.header).toMatchObject({ storyVersion: 'v1', receivedAt: 1_000_000, clockOffset: 1_000_000 - inputs[2]!.t });
  });

  it('runs concurrent batches of one play in order', async () => {
    const ingest = createPlayIngest(createMemoryPlayStore(), () => 0);
    const results = await Promise.all([ingest.ingest(story, batch(0, 2)), ingest.ingest(story, batch(2, 4)), ingest.ingest(story, batch(4, 6))]);
    expect(results).toEqual([2, 4, 6].map((stored) => ({ outcome: 'stored', stored })));
  });

  it('after a refused batch, refolds from what was stored and goes on', async () => {
    const ingest = createPlayIngest(createMemoryPlayStore(), () => 0);
    await ingest.ingest(story, batch(0, 3));
    const bad = { ...batch(3, 5), inputs: [inputs[3]!, { type: 'tick' as const, t: -1 }] };
    expect(await ingest.ingest(story, bad)).toMatchObject({ outcome: 'refused', status: 400, code: 'invalid-input', index: 1, stored: 3 }); // counted in the batch
    expect(await ingest.ingest(story, batch(3, inputs.length))).toEqual({ outcome: 'stored', stored: inputs.length });
  });

  it('refuses another story version, and a stored play the replaced story no longer fits', async () => {
    const store = createMemoryPlayStore();
    const ingest = createPlayIngest(store, () => 0);
    await ingest.ingest(story, batch(0, inputs.length));
    expect(await ingest.ingest(story, batch(inputs.length, inputs.length, 'v2'))).toMatchObject({ outcome: 'refused', status: 409, code: 'story-version-mismatch' });
    // A replaced story that still fits the stored inputs: refolded, and the retry is acknowledged.
    const retitled: Story = { ...story, title: 'Replaced' };
    expect(await ingest.ingest(retitled, batch(0, inputs.length))).toEqual({ outcome: 'stored', stored: inputs.length });
    // One where a stored input is refused whatever the state (a pushed quiz whose id is now a story quiz's): the play no longer fits.
    const pushed = { type: 'command' as const, t: 20_000, actor: { sub: 'solo', role: 'host' as const }, id: 'p1', command: { type: 'push-quiz' as const, quiz: { id: 'extra', prompt: '?', options: ['a', 'b'] } } };
    expect(await ingest.ingest(retitled, { play: 'play-ingest', from: inputs.length, inputs: [pushed], storyVersion: 'v1' })).toEqual({ outcome: 'stored', stored: inputs.length + 1 });
    const taken: Story = JSON.parse(JSON.stringify(story)) as Story;
    taken.nodes.b!.quizzes = [{ id: 'extra', prompt: '?', options: ['a', 'b'], answer: 0, opens: 0, closes: 0.5 }];
    expect(await ingest.ingest(taken, { play: 'play-ingest', from: inputs.length + 1, inputs: [], storyVersion: 'v1' })).toMatchObject({ outcome: 'refused', status: 409, code: 'story-changed' });
  });
});
