/**
 * Vote coalescing on a single node (issue 18): viewers' votes that arrive
 * while the room's appends are in flight (at most two) become one durable
 * `votes` record, each is acknowledged only once that record is durable, a refused
 * vote gets its own refusal, a failed append acknowledges none, and inputs
 * still apply in arrival order around a batch.
 */
import { describe, expect, it } from 'vitest';
import { decodeLogEntry, type CommandResult, type LogEntry, type RoomInput, type Story } from '../../engine/index.ts';
import { createMemoryRoomStore } from '../store/index.ts';
import type { RoomStore } from '../store/room-store.ts';
import { LiveRoom } from './live-room.ts';
import { silentLogger } from '../log/logger.ts';

const story: Story = {
  format: 'branchcast/story@1', id: 'votes', title: 'Votes', start: 'a',
  nodes: {
    a: { media: { src: 'a.mpd', duration: 600 }, choice: { opens: 0, closes: 590, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] } },
    b: { media: { src: 'b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};
const host = { sub: 'host', role: 'host' as const };
const viewer = (n: number) => ({ sub: `v${n}`, role: 'viewer' as const });

/** A memory store whose appends wait at a gate the test opens (or breaks): the room's fsync, held. */
function gatedStore() {
  const inner = createMemoryRoomStore();
  let held: Array<{ go: () => void; fail: (cause: Error) => void }> | undefined;
  const store: RoomStore = {
    ...inner,
    append: (room, records) => {
      if (!held) return inner.append(room, records);
      const gate = held;
      return new Promise<void>((go, fail) => gate.push({ go, fail })).then(() => inner.append(room, records));
    },
  };
  return {
    store,
    hold: () => void (held = []),
    /** Lets the held appends through; later ones are held too while `keepHolding`. */
    release: (keepHolding = false) => {
      const gate = held ?? [];
      held = keepHolding ? [] : undefined;
      for (const g of gate) g.go();
    },
    breakDisk: () => {
      const gate = held ?? [];
      held = undefined;
      for (const g of gate) g.fail(new Error('disk gone'));
    },
    /** Every logged input so far, in order. */
    async inputs(room: string): Promise<RoomInput[]> {
      const out: RoomInput[] = [];
      for await (const record of inner.read(room, 0)) {
        const entry: LogEntry = decodeLogEntry(record.data);
        if (entry.k === 'input') out.push(entry.input);
      }
      return out;
    },
  };
}

/** Lets pending promise callbacks and one event-loop turn run. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function track(promise: Promise<CommandResult>): { done: () => CommandResult | 'pending' | 'rejected' } {
  let state: CommandResult | 'pending' | 'rejected' = 'pending';
  promise.then((r) => (state = r), () => (state = 'rejected'));
  return { done: () => state };
}

async function openRoom(playing: Story = story, now: () => number = () => Date.now()) {
  const disk = gatedStore();
  const room = await LiveRoom.create({ store: disk.store, now, publish: () => undefined, log: silentLogger() }, playing, 'r');
  expect((await room.command(host, 'play', { type: 'play' })).ok).toBe(true);
  return { room, disk };
}

describe('vote coalescing on one node', () => {
  it('votes arriving during an append become one record behind it, acknowledged once durable; a third group waits for room', async () => {
    const { room, disk } = await openRoom();
    disk.hold();
    const first = track(room.command(viewer(0), 'a', { type: 'vote', option: 'x' }));
    await turn(); // the first vote alone: nothing else was in flight
    const second = Array.from({ length: 40 }, (_, i) => track(room.command(viewer(i + 1), 'a', { type: 'vote', option: i % 2 ? 'x' : 'y' })));
    await turn(); // enough for a commit of its own: one record behind the first, two appends in flight
    const third = Array.from({ length: 10 }, (_, i) => track(room.command(viewer(i + 50), 'a', { type: 'vote', option: 'x' })));
    await turn(); // two are in flight: these wait for the oldest
    expect([first, ...second, ...third].map((v) => v.done())).toEqual(Array(51).fill('pending'));
    disk.release(true); // both records are durable: the 10 waiting apply as one, and wait for theirs
    await turn();
    expect(first.done()).toMatchObject({ ok: true });
    for (const v of second) expect(v.done()).toMatchObject({ ok: true });
    expect(third.map((v) => v.done())).toEqual(Array(10).fill('pending'));
    disk.release();
    await room.settled();
    await turn();
    for (const v of third) expect(v.done()).toMatchObject({ ok: true });
    const logged = (await disk.inputs('r')).filter((i) => i.type === 'votes');
    expect(logged.map((i) => (i.type === 'votes' ? i.votes.length : 0))).toEqual([1, 40, 10]);
    room.dispose();
  });

  it('a small batch does not take a second commit: it waits for the one in flight and grows meanwhile', async () => {
    const { room, disk } = await openRoom();
    disk.hold();
    const first = track(room.command(viewer(0), 'a', { type: 'vote', option: 'x' }));
    await turn();
    const few = Array.from({ length: 5 }, (_, i) => track(room.command(viewer(i + 1), 'a', { type: 'vote', option: 'y' })));
    await turn();
    const later = Array.from({ length: 5 }, (_, i) => track(room.command(viewer(i + 10), 'a', { type: 'vote', option: 'y' })));
    await turn();
    disk.release(true); // the first is durable; the ten waiting apply as one record
    await turn();
    expect(first.done()).toMatchObject({ ok: true });
    expect([...few, ...later].map((v) => v.done())).toEqual(Array(10).fill('pending'));
    disk.release();
    await room.settled();
    await turn();
    for (const v of [...few, ...later]) expect(v.done()).toMatchObject({ ok: true });
    const logged = (await disk.inputs('r')).filter((i) => i.type === 'votes');
    expect(logged.map((i) => (i.type === 'votes' ? i.votes.length : 0))).toEqual([1, 10]);
    room.dispose();
  });

  it('a refused vote in a batch gets its own refusal at once; only the accepted ones are logged', async () => {
    const { room, disk } = await openRoom();
    disk.hold();
    const inFlight = track(room.command(viewer(0), 'a', { type: 'vote', option: 'x' }));
    await turn();
    const good = track(room.command(viewer(1), 'b', { type: 'vote', option: 'y' }));
    const bad = track(room.command(viewer(2), 'c', { type: 'vote', option: 'nope' }));
    disk.release(true);
    await turn();
    expect(bad.done()).toMatchObject({ ok: false, code: 'invalid' });
    expect(good.done()).toBe('pending');
    disk.release();
    await room.settled();
    await turn();
    expect([inFlight.done(), good.done()]).toMatchObject([{ ok: true }, { ok: true }]);
    const votes = (await disk.inputs('r')).flatMap((i) => (i.type === 'votes' ? i.votes : []));
    expect(votes).toEqual([
      ['v0', 'a', 'x'],
      ['v1', 'b', 'y'],
    ]);
    room.dispose();
  });

  it('a failed append acknowledges none of its batch', async () => {
    const { room, disk } = await openRoom();
    disk.hold();
    const votes = Array.from({ length: 5 }, (_, i) => track(room.command(viewer(i), 'a', { type: 'vote', option: 'x' })));
    await turn();
    disk.breakDisk();
    await turn();
    await turn();
    expect(votes.map((v) => v.done())).toEqual(Array(5).fill('rejected'));
    await expect(room.command(viewer(9), 'z', { type: 'vote', option: 'x' })).rejects.toThrow(/log append failed/);
  });

  it('an input arriving after waiting votes applies after them', async () => {
    const { room, disk } = await openRoom();
    disk.hold();
    track(room.command(viewer(0), 'a', { type: 'vote', option: 'x' }));
    await turn();
    track(room.command(viewer(1), 'b', { type: 'vote', option: 'y' }));
    const pause = track(room.command(host, 'pause', { type: 'pause' }));
    disk.release();
    await room.settled();
    await turn();
    expect(pause.done()).toMatchObject({ ok: true });
    const order = (await disk.inputs('r')).map((i) => (i.type === 'command' ? i.command.type : i.type));
    expect(order).toEqual(['command', 'votes', 'votes', 'pause'].map((k) => (k === 'command' ? 'play' : k)));
    room.dispose();
  });

  it('a vote arriving after a cue fell due starts a new batch, so it sees the cue fire before it', async () => {
    let clock = Date.now();
    const short = structuredClone(story);
    if (short.nodes.a?.choice) short.nodes.a.choice.closes = 0.05; // closes 50 ms into the node
    const { room, disk } = await openRoom(short, () => clock);
    disk.hold();
    track(room.command(viewer(0), 'a', { type: 'vote', option: 'x' }));
    await turn();
    clock += 10;
    const inTime = track(room.command(viewer(1), 'b', { type: 'vote', option: 'y' }));
    clock += 90; // past the close; the room's timer (real time) has not run yet
    const late = track(room.command(viewer(2), 'c', { type: 'vote', option: 'y' }));
    disk.release();
    await room.settled();
    await turn();
    expect(inTime.done()).toMatchObject({ ok: true });
    expect(late.done()).toMatchObject({ ok: false, code: 'bad-state' });
    room.dispose();
  });

  it('a vote in a closed room is refused as such', async () => {
    const { room } = await openRoom();
    const vote = room.command(viewer(0), 'a', { type: 'vote', option: 'x' });
    await room.close();
    expect(await vote).toMatchObject({ ok: true }); // it arrived before the close: applied before it
    expect(await room.command(viewer(1), 'b', { type: 'vote', option: 'x' })).toMatchObject({ ok: false, code: 'bad-state', message: 'the room is closed' });
  });
});
