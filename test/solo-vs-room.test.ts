/**
 * Issue 15, "one engine, two places": the same inputs give the same state
 * hashes in a server room and in the player's solo session, at every step,
 * for every story in stories/ and a freshly generated stress story.
 *
 * - Scripts (test/support/solo-script.ts) walk real paths: the route to each
 *   ending analysePaths finds (a spread sample for stress stories), as host
 *   commands: seeks onto cue points, short real-time plays that let the
 *   server's timer fire a cue, quiz answers, hotspots, claims, votes, choices.
 * - Server: `branchcast serve` as a child process; the host sends each command
 *   over the WebSocket, the server's clock stamps it; after each step the
 *   room's hash is read from GET /api/rooms/:id. The server is then stopped
 *   and each room's log read from its data directory with the server's own
 *   store: the commands with the times the server gave them.
 * - Browser: SoloSession bundled with esbuild, run in Chromium on the same
 *   commands (same times, the server's actor and ids, the server's room id and
 *   creation time), waking itself for cues; its hash after each step must be
 *   the server's, and so must the hash of the server's log folded verbatim.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomInput } from '../engine/room/index.ts';
import type { Story } from '../engine/story.ts';
import { generateStressStory } from '../stories/generate-stress.ts';
import { readRoomLogs } from './support/room-log.ts';
import { runOnServer, type RoomRun } from './support/room-script-runner.ts';
import { adminKeyFrom, postStory } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { openSoloBrowser, type SoloBrowser } from './support/solo-browser.ts';
import type { ReplayJob, ReplayResult } from './support/solo-replay.ts';
import { pathScripts, type PathScript } from './support/solo-script.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';
import { mutations } from './support/solo-mutations.ts';

const STORIES_DIR = join(import.meta.dirname, '..', 'stories');
const fileStories = readdirSync(STORIES_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(STORIES_DIR, f), 'utf8')) as Story);
/** A stress story generated now, with another seed than stories/stress.json. */
const fresh: Story = { ...generateStressStory(7), id: 'stress-fresh' };
const stories = [...fileStories, fresh];
/** Stress stories have a dozen endings 21 nodes deep: a spread sample keeps the file well under a minute. */
const planOptions = (story: Story) => (Object.keys(story.nodes).length > 50 ? { sample: story === fresh ? 1 : 3, realtime: 0.05 } : {});

interface Walk {
  script: PathScript;
  run: RoomRun;
  job: ReplayJob;
  result?: ReplayResult;
}

let server: ServerProcess | undefined;
let data: TempDir;
let browser: SoloBrowser | undefined;
const walks: Walk[] = [];

beforeAll(async () => {
  data = await makeTempDir('branchcast-solo-vs-room-');
  // Scripts send commands back to back: lift the per-connection rate limit (20/s) out of the way.
  server = await startServerProcess({ args: ['--data', data.path], env: { COMMANDS_PER_SECOND: '100000' } });
  const key = adminKeyFrom(server.output());
  const runs: Array<{ script: PathScript; run: RoomRun; story: Story }> = [];
  for (const story of stories) {
    await postStory(server.url, key, story);
    for (const script of pathScripts(story, planOptions(story))) runs.push({ script, story, run: await runOnServer(server.url, key, script) });
  }
  // The store allows one process per data directory: read the logs once the server is gone.
  const stopped = await server.stop();
  expect(stopped.code).toBe(0);
  const logs = await readRoomLogs(data.path, runs.map((r) => r.run.room));
  for (const { script, run, story } of runs) {
    const log = logs.get(run.room)!;
    walks.push({ script, run, job: { story, room: log.room, t0: log.t0, log: log.inputs, observations: run.observations.map(({ id, lo, hi }) => ({ id, lo, hi })) } });
  }
  browser = await openSoloBrowser();
  const results = await browser.replay(walks.map((w) => w.job));
  walks.forEach((w, i) => (w.result = results[i]));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await data?.remove();
});

describe('a solo session in Chromium and a server room, fed the same inputs', () => {
  it('run in real Chromium', async () => {
    expect(await browser!.userAgent()).toMatch(/HeadlessChrome/);
  });

  it.each(stories.map((s) => [s.id] as const))('agree on the state hash at every step: %s', (id) => {
    const mine = walks.filter((w) => w.script.story === id);
    expect(mine.length).toBeGreaterThan(0);
    for (const { script, run, job, result } of mine) {
      const where = `${id} → ${script.ending}`;
      const server = run.observations.map((o) => o.hash);
      // Every step is in the server's log, with the command as sent.
      const logged = job.log.filter((i): i is Extract<RoomInput, { type: 'command' }> => i.type === 'command');
      expect(logged.map((i) => i.command.type), where).toEqual(script.steps.map((s) => s.command.type));
      expect(result!.problems, where).toEqual([]);
      expect(result!.own, where).toEqual(server);
      expect(result!.fed, where).toEqual(server);
      expect(result!.fedAll, where).toBe(server.at(-1));
      // The walk really went somewhere: one hash per step, changing as the room moves.
      expect(new Set(server).size, where).toBeGreaterThan(script.nodes.length);
      expect(run.observations.at(-1)!.version, where).toBe(script.steps.at(-1)!.version);
    }
  });

  it('disagree as soon as one input differs (the comparison can fail)', async () => {
    const walk = walks.find((w) => w.script.story === 'demo')!;
    const server = walk.run.observations.map((o) => o.hash);
    const cases = mutations(walk.job);
    expect(cases.map((c) => c.name)).toEqual(['another option', 'another answer', 'a seek 1 ms later', "the solo session's own room and t0", "the solo viewer's own subject"]);
    const results = await browser!.replay(cases.map((c) => c.job));
    cases.forEach((c, i) => {
      const first = results[i]!.own.findIndex((hash, step) => hash !== server[step]);
      expect(first, c.name).toBe(c.firstDifferent);
    });
  });
});
