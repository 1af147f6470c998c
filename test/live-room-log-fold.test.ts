/**
 * A LiveRoom's state must always be the fold of its durable log (the hash a
 * node serves is what a follower or a solo session folding that log gets).
 * Two inputs used to change the state without being logged: a timer tick
 * whose cue fired no event (a host-decided choice reaching its close), and a
 * refused command that fired cues falling due at its arrival. Found by
 * test/solo-vs-room.test.ts's design work (issue 15).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomInput } from '../engine/room/index.ts';
import type { Story } from '../engine/story.ts';
import { SoloSession } from '../player/solo/solo-session.ts';
import { LiveRoom } from '../server/rooms/live-room.ts';
import { decodeLogEntry } from '../engine/room/index.ts';
import { createMemoryRoomStore } from '../server/store/index.ts';
import { silentLogger } from '../server/log/logger.ts';

const story: Story = {
  format: 'branchcast/story@1', id: 'fold', title: 'Fold', start: 'a',
  nodes: {
    a: { media: { src: 'a.mpd', duration: 3 }, choice: { opens: 0.1, closes: 0.5, mode: 'host', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] } },
    b: { media: { src: 'b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};
const host = { sub: 'host', role: 'host' as const };
const viewer = { sub: 'viewer', role: 'viewer' as const };

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'], now: 1_700_000_000_000 }));
afterEach(() => void vi.useRealTimers());

async function open() {
  const store = createMemoryRoomStore();
  const room = await LiveRoom.create({ store, now: () => Date.now(), publish: () => undefined, log: silentLogger() }, story, 'r');
  /** The hash of the room's durable log, folded by a solo session. */
  const folded = async (): Promise<string> => {
    await room.settled();
    const inputs: RoomInput[] = [];
    let t0 = 0;
    for await (const record of store.read('r', 0)) {
      const entry = decodeLogEntry(record.data);
      if (entry.k === 'create') t0 = entry.t;
      else inputs.push(entry.input);
    }
    const solo = new SoloSession(story, 'r', t0);
    for (const input of inputs) solo.apply(input);
    return solo.hash();
  };
  return { room, folded };
}

describe('a live room is the fold of its log', () => {
  it('after a tick whose cue fires no event (the close of a choice the host already decided)', async () => {
    const { room, folded } = await open();
    await room.command(host, 'c1', { type: 'play' });
    await vi.advanceTimersByTimeAsync(200);
    expect((await room.command(host, 'c2', { type: 'choose', option: 'y' })).ok).toBe(true);
    await vi.advanceTimersByTimeAsync(500); // past the close at 0.5 s: its cue fires, silently
    expect((await room.snapshot()).hash).toBe(await folded());
    room.dispose();
  });

  it('after a refused command that fired a cue due at its arrival', async () => {
    const { room, folded } = await open();
    await room.command(host, 'c1', { type: 'play' });
    // The choice opens at 0.1 s; the command arrives before the room's timer has run.
    vi.setSystemTime(Date.now() + 150);
    const refused = await room.command(viewer, 'v1', { type: 'choose', option: 'x' });
    expect(refused.ok).toBe(false);
    expect((await room.snapshot()).phase).toBe('open');
    expect((await room.snapshot()).hash).toBe(await folded());
    room.dispose();
  });
});
