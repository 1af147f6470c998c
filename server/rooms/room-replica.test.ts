/**
 * A follower's replica (cluster mode, here on one shared memory store): it
 * folds the owner's records in seq order, fills a gap from the store, ignores
 * a record it already has, and once promoted carries on as the owner.
 */
import { describe, expect, it } from 'vitest';
import type { Story } from '../../engine/index.ts';
import { createMemoryRoomStore } from '../store/index.ts';
import type { LogRecord } from '../store/room-store.ts';
import { LiveRoom } from './live-room.ts';
import type { LiveRoomDeps } from './room-deps.ts';
import { silentLogger } from '../log/logger.ts';

const story: Story = {
  format: 'branchcast/story@1', id: 'replica', title: 'Replica', start: 'a',
  nodes: {
    a: { media: { src: 'a.mpd', duration: 600 }, choice: { opens: 0, closes: 590, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] } },
    b: { media: { src: 'b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};
const host = { sub: 'host', role: 'host' as const };

async function records(deps: LiveRoomDeps, room: string): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  for await (const record of deps.store.read(room, 0)) out.push(record);
  return out;
}

async function ownerAndFollower() {
  const published: Uint8Array[] = [];
  const deps: LiveRoomDeps = { store: createMemoryRoomStore(), now: () => Date.now(), publish: (_room, frame) => void published.push(frame), log: silentLogger() };
  const owner = await LiveRoom.create(deps, story, 'r');
  const follower = await LiveRoom.follow(deps, 'r');
  return { deps, owner, follower, published };
}

describe('a room replica', () => {
  it('folds records in seq order, filling a gap from the store and ignoring a repeat', async () => {
    const { deps, owner, follower, published } = await ownerAndFollower();
    expect(follower.role).toBe('follower');
    await owner.command(host, 'c1', { type: 'play' });
    await owner.command({ sub: 'v', role: 'viewer' }, 'v1', { type: 'vote', option: 'y' });
    await owner.command(host, 'c2', { type: 'seek', position: 10 });
    await owner.settled();
    const log = await records(deps, 'r');
    const last = log.at(-1) as LogRecord;
    follower.receive(last.seq, last.data); // the earlier records never arrived: read from the store
    await follower.snapshot();
    follower.receive(last.seq, last.data); // heard twice: folded once
    // A follower folds no votes: the owner's state with an empty vote book, at the same version.
    const [seen, truth] = [await follower.snapshot(), await owner.snapshot()];
    expect(seen.choice?.counts).toEqual({ x: 0, y: 0 });
    expect(truth.choice?.counts).toEqual({ x: 0, y: 1 });
    expect({ ...seen, hash: '', choice: undefined }).toEqual({ ...truth, hash: '', choice: undefined });
    expect(follower.version).toBe(owner.version);
    await new Promise((resolve) => setImmediate(resolve));
    expect(published.length).toBeGreaterThan(0); // the replica's broadcaster sent the events to this node's sockets
    owner.dispose();
    follower.dispose();
  });

  it('once promoted, folds what the old owner left, votes included, and applies commands itself', async () => {
    const { owner, follower } = await ownerAndFollower();
    await owner.command(host, 'c1', { type: 'play' });
    await owner.command({ sub: 'v', role: 'viewer' }, 'v1', { type: 'vote', option: 'y' });
    await owner.settled();
    owner.dispose(); // the old owner is gone; its records never reached the follower's channel
    await follower.promote();
    expect(follower.role).toBe('owner');
    expect((await follower.snapshot()).hash).toBe((await owner.snapshot()).hash);
    expect((await follower.snapshot()).choice?.counts).toEqual({ x: 0, y: 1 });
    // A retried vote id gets its remembered answer (the promotion folded the vote's id too).
    expect(await follower.command({ sub: 'v', role: 'viewer' }, 'v1', { type: 'vote', option: 'x' })).toMatchObject({ ok: true });
    expect((await follower.snapshot()).choice?.counts).toEqual({ x: 0, y: 1 });
    expect(await follower.command(host, 'c2', { type: 'pause' })).toMatchObject({ ok: true });
    follower.dispose();
  });
});
