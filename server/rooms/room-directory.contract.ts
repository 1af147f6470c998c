/**
 * The RoomDirectory contract: one suite that the single-machine directory
 * (RoomRegistry) and a cluster node (ClusterRooms, two nodes on a real Redis)
 * both pass. Call it from an implementation's test file:
 *
 *   describeRoomDirectoryContract('cluster', async () => ({ directory, peer, close }));
 *
 * `peer` is another way in to the same rooms: a second node of the cluster,
 * or, on one machine, the directory itself. Whatever reaches a room through
 * either must land on its one owner, and every copy must agree with it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandActor, CommandResult, Story } from '../../engine/index.ts';
import type { LiveRoom } from './live-room.ts';
import type { LogEntry } from '../../engine/index.ts';
import type { RoomCommands, RoomDirectory } from './room-directory.ts';

export interface RoomDirectoryHarness {
  /** The directory under test: rooms are created here, so it owns them. */
  directory: RoomDirectory;
  /** Another directory over the same rooms (another node), or `directory` itself. */
  peer: RoomDirectory;
  /** Shuts both down and removes what the test stored. */
  close(): Promise<void>;
}

const host: CommandActor = { sub: 'host', role: 'host' };
const viewer = (n: number): CommandActor => ({ sub: `viewer-${n}`, role: 'viewer' });
/** A well-formed id no test ever creates. */
const MISSING = 'no-such-room';

/** A vote that opens 50 ms into the story and stays open for the test. */
const story: Story = {
  format: 'branchcast/story@1',
  id: 'directory-contract',
  title: 'Directory contract',
  start: 'a',
  nodes: {
    a: { media: { src: 'a.mpd', duration: 60 }, choice: { opens: 0.05, closes: 50, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] } },
    b: { media: { src: 'b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function routeTo(directory: RoomDirectory, id: string): Promise<RoomCommands> {
  const route = await directory.room(id);
  if (!route) throw new Error(`no route to room ${id}`);
  return route;
}

function okVersion(result: CommandResult): number {
  if (!result.ok) throw new Error(`refused: ${result.code} ${result.message}`);
  return result.version;
}

async function logOf(directory: RoomDirectory, id: string): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  for await (const entry of directory.readLog(id)) entries.push(entry);
  return entries;
}

/** The copy `directory` serves once it has folded everything up to `version`. */
async function copyAt(directory: RoomDirectory, id: string, version: number): Promise<LiveRoom> {
  const copy = await directory.open(id);
  if (!copy) throw new Error(`room ${id} does not open`);
  return waitFor(`room ${id} at version ${version}`, () => (copy.version >= version ? copy : undefined));
}

export function describeRoomDirectoryContract(name: string, open: () => Promise<RoomDirectoryHarness>): void {
  describe(`RoomDirectory contract: ${name}`, () => {
    let harness: RoomDirectoryHarness;
    let directory: RoomDirectory;
    let peer: RoomDirectory;

    beforeEach(async () => {
      harness = await open();
      ({ directory, peer } = harness);
    });
    afterEach(async () => {
      await harness.close();
    });

    it('creates rooms it owns, under fresh ids, and holds them', async () => {
      const first = await directory.create(story);
      const second = await directory.create(story);
      expect(first.id).not.toBe(second.id);
      expect(first.role).toBe('owner');
      expect(directory.get(first.id)).toBe(first);
      expect(await directory.open(second.id)).toBe(second);
      expect(directory.list().map((room) => room.id).sort()).toEqual([first.id, second.id].sort());
      expect(directory.size).toBe(2);
      expect(first.storyId).toBe('directory-contract');
    });

    it('knows nothing of a room that does not exist, from either side', async () => {
      for (const side of [directory, peer]) {
        expect(side.get(MISSING)).toBeUndefined();
        expect(await side.open(MISSING)).toBeUndefined();
        expect(await side.room(MISSING)).toBeUndefined();
        expect(await side.close(MISSING)).toBe(false);
      }
    });

    it('routes commands from either side to the one owner, and every copy agrees with it', async () => {
      const owner = await directory.create(story);
      const played = okVersion(await (await routeTo(directory, owner.id)).command(host, 'c1', { type: 'play' }));
      const paused = okVersion(await (await routeTo(peer, owner.id)).command(host, 'c2', { type: 'pause' }));
      expect(paused).toBeGreaterThan(played);
      // The owner applied the peer's command: its own copy is at that version.
      expect(owner.version).toBeGreaterThanOrEqual(paused);
      // A command id is applied once, whichever side resends it.
      expect(okVersion(await (await routeTo(directory, owner.id)).command(host, 'c2', { type: 'pause' }))).toBe(paused);
      const copy = await copyAt(peer, owner.id, paused);
      expect((await copy.snapshot()).hash).toBe((await owner.snapshot()).hash);
      expect((await copy.snapshot()).timeline.playing).toBe(false);
    });

    it('a vote batch gets one result per vote, in order, and counts each viewer once', async () => {
      const owner = await directory.create(story);
      okVersion(await (await routeTo(directory, owner.id)).command(host, 'c1', { type: 'play' }));
      await waitFor('the vote to open', async () => ((await owner.snapshot()).phase === 'open' ? true : undefined));
      const results = await (await routeTo(peer, owner.id)).voteBatch([
        [viewer(1).sub, 'v1', 'x'],
        [viewer(2).sub, 'v2', 'y'],
        [viewer(1).sub, 'v3', 'y'], // viewer 1 changes their mind
        [viewer(3).sub, 'v4', 'no-such-option'],
      ]);
      expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
      const counts = (await owner.snapshot()).choice?.counts ?? {};
      expect({ x: counts.x ?? 0, y: counts.y ?? 0 }).toEqual({ x: 0, y: 2 });
    });

    it('streams the durable log from either side: the create record, then each input', async () => {
      const owner = await directory.create(story);
      okVersion(await (await routeTo(peer, owner.id)).command(host, 'c1', { type: 'play' }));
      for (const side of [directory, peer]) {
        const entries = await logOf(side, owner.id);
        expect(entries[0]).toMatchObject({ k: 'create', room: owner.id });
        expect(entries.some((e) => e.k === 'input' && e.input.type === 'command' && e.input.id === 'c1')).toBe(true);
      }
    });

    it('closes a room for good from either side; its owner then refuses every command', async () => {
      const closedHere = await directory.create(story);
      const closedThere = await directory.create(story);
      expect(await directory.close(closedHere.id)).toBe(true);
      expect(await peer.close(closedThere.id)).toBe(true);
      for (const room of [closedHere, closedThere]) {
        expect(room.closed).toBe(true);
        const refused = await (await routeTo(directory, room.id)).command(host, 'late', { type: 'play' });
        expect(refused).toMatchObject({ ok: false, code: 'bad-state' });
        expect((await logOf(peer, room.id)).some((e) => e.k === 'input' && e.input.type === 'close')).toBe(true);
      }
    });
  });
}
