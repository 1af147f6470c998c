/**
 * The fast, Node-only half of issue 15's "one engine, two places": for every
 * story in stories/ and every path to every ending (the stress story's twelve
 * included), the server's LiveRoom (its real class, on the in-memory store and
 * the real coupon ledger, its wake-up timers on vitest's fake clock) and a
 * SoloSession fed the same commands agree on the state hash after every step.
 * A room recovered from the LiveRoom's log agrees too. The socket, process
 * and browser version is test/solo-vs-room.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandActor } from '../engine/room/index.ts';
import type { Story } from '../engine/story.ts';
import { createCouponLedger } from '../server/audience/coupon-ledger.ts';
import { LiveRoom, type LiveRoomDeps } from '../server/rooms/live-room.ts';
import { decodeLogEntry } from '../engine/room/index.ts';
import { createMemoryRoomStore } from '../server/store/index.ts';
import { replay, type ReplayJob } from './support/solo-replay.ts';
import { pathScripts, type PathScript } from './support/solo-script.ts';
import { silentLogger } from '../server/log/logger.ts';

const STORIES_DIR = join(import.meta.dirname, '..', 'stories');
const stories = readdirSync(STORIES_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(STORIES_DIR, f), 'utf8')) as Story);
const HOST: CommandActor = { sub: 'host-1', role: 'host' };
/** Time between two commands on the fake clock, as a host clicking through would take. */
const STEP_MS = 20;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'Date'], now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Awaits a promise that may wait on a (fake) timer, such as the coupon ledger's setImmediate batching. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  void promise.finally(() => (done = true)).catch(() => undefined);
  for (let i = 0; i < 100 && !done; i++) await vi.advanceTimersByTimeAsync(0);
  return promise;
}

/** Runs a script in a LiveRoom; returns its hash after each step and the replay job for a solo session. */
async function runInLiveRoom(story: Story, script: PathScript): Promise<{ hashes: string[]; job: ReplayJob; recovered: string }> {
  const store = createMemoryRoomStore();
  const deps: LiveRoomDeps = { store, now: () => Date.now(), publish: () => undefined, log: silentLogger(), coupons: await createCouponLedger(createMemoryRoomStore()) };
  const room = await LiveRoom.create(deps, story, 'r1');
  const hashes = [(await room.snapshot()).hash];
  const observations = [{ id: '', lo: Date.now(), hi: Date.now() }];
  for (const [i, step] of script.steps.entries()) {
    await vi.advanceTimersByTimeAsync(STEP_MS);
    const result = await settle(room.command(HOST, `s${i}`, step.command));
    expect(result.ok, `${script.ending} step ${i} ${JSON.stringify(step.command)}: ${JSON.stringify(result)}`).toBe(true);
    // A real-time step: the room's own timer fires the cue as the clock runs on.
    for (let ms = 0; room.version < step.version && ms < 60_000; ms += 10) await vi.advanceTimersByTimeAsync(10);
    hashes.push((await room.snapshot()).hash);
    observations.push({ id: `s${i}`, lo: Date.now(), hi: Date.now() });
  }
  await room.settled();
  room.dispose();
  const recovered = await LiveRoom.recover(deps, 'r1');
  const recoveredHash = (await recovered.snapshot()).hash;
  recovered.dispose();
  const log: ReplayJob['log'] = [];
  let t0 = 0;
  for await (const record of store.read('r1', 0)) {
    const entry = decodeLogEntry(record.data);
    if (entry.k === 'create') t0 = entry.t;
    else log.push(entry.input);
  }
  return { hashes, job: { story, room: 'r1', t0, log, observations }, recovered: recoveredHash };
}

describe('SoloSession and the server LiveRoom, same commands', () => {
  for (const story of stories) {
    it(`agree after every step on every path to every ending: ${story.id}`, async () => {
      const scripts = pathScripts(story, { realtime: 0.2 });
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        const { hashes, job, recovered } = await runInLiveRoom(story, script);
        const solo = replay(job);
        expect(solo.problems, script.ending).toEqual([]);
        expect(solo.own, script.ending).toEqual(hashes);
        expect(solo.fed, script.ending).toEqual(hashes);
        expect(recovered, script.ending).toBe(hashes.at(-1));
      }
    }, 60_000);
  }
});
