import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom, api, createRoom, postStory, viewerToken } from './support/rooms-api.ts';
import { RoomClient, type Frame } from './support/room-client.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

const story = {
  format: 'branchcast/story@1',
  id: 'crash',
  title: 'Crash',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'crash/a.mpd', duration: 900 },
      choice: { opens: 0, closes: 890, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] },
    },
    b: { media: { src: 'crash/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

const VOTERS = 50;
const PER_VOTER_PER_SECOND = 10; // 500 votes/s in all
const RUN_MS = 3000;

interface Voter {
  token: string;
  client: RoomClient;
  sent: Array<{ id: string; option: string }>;
  acked: Set<string>;
}

let server: ServerProcess;
let data: TempDir;

beforeAll(async () => {
  data = await makeTempDir('branchcast-crash-');
});
afterAll(async () => {
  await server?.stop();
  await data?.remove();
});

type Snapshot = { version: number; node: string; timeline: { node: string; mediaAnchor: number; serverAnchor: number; playing: boolean }; choice: { counts: Record<string, number> } };

describe('crash', () => {
  it('kill -9 under ~500 votes/s loses no acknowledged vote and counts none twice', async () => {
    // Snapshots every 20 records, so recovery uses a snapshot plus a log tail (the room coalesces
    // the votes of each burst into a record or two, so 3 s of votes make only some tens of records).
    const env = { COMMANDS_PER_SECOND: '100', ROOM_SNAPSHOT_EVERY: '20' };
    server = await startServerProcess({ args: ['--data', data.path], env });
    const key = adminKeyFrom(server.output());
    await postStory(server.url, key, story);
    const room = await createRoom(server.url, key, 'crash');
    const host = await RoomClient.connect(server.url, { token: room.hostToken });
    await host.welcome();
    await host.command({ type: 'play' });
    await host.waitForEvent('choice-open');

    const voters: Voter[] = await Promise.all(
      Array.from({ length: VOTERS }, async (): Promise<Voter> => {
        const { token } = await viewerToken(server.url, room.id);
        const client = await RoomClient.connect(server.url, { token });
        await client.welcome();
        return { token, client, sent: [], acked: new Set() };
      }),
    );
    let maxAckedVersion = 0;
    for (const v of voters) {
      v.client.ws.on('message', () => {
        const last = v.client.frames.at(-1) as Frame;
        if (last.t === 103) {
          v.acked.add(last.id as string);
          maxAckedVersion = Math.max(maxAckedVersion, last.version as number);
        }
      });
    }

    // Vote until the kill; every voter alternates, so moved votes would show up as double counts.
    const started = Date.now();
    let n = 0;
    const seen: { before?: Snapshot } = {};
    let killed!: () => void;
    const killedAt = new Promise<void>((resolve) => (killed = resolve));
    const timer = setInterval(() => {
      for (const v of voters) {
        const option = v.sent.length % 2 === 0 ? 'x' : 'y';
        const id = `v${n++}`;
        v.sent.push({ id, option });
        v.client.send({ t: 3, id, cmd: { type: 'vote', option } });
      }
      if (Date.now() - started >= RUN_MS && seen.before) {
        // Killed right after a burst, so some votes are in flight: written or not, never acknowledged.
        clearInterval(timer);
        server.child.kill('SIGKILL');
        killed();
      }
    }, 1000 / PER_VOTER_PER_SECOND);
    await new Promise((r) => setTimeout(r, RUN_MS - 500));
    seen.before = (await api(server.url, 'GET', `/api/rooms/${room.id}`, { key })).body as Snapshot;
    await killedAt;
    await server.stop();
    const elapsed = Date.now() - started;
    const totalSent = voters.reduce((a, v) => a + v.sent.length, 0);
    const totalAcked = voters.reduce((a, v) => a + v.acked.size, 0);
    expect(totalAcked).toBeGreaterThan(200);
    expect(totalSent / (elapsed / 1000)).toBeGreaterThan(300);

    // Recovery below starts from a snapshot, then folds the log after it.
    expect((await stat(join(data.path, 'rooms', room.id, 'snapshot.bin'))).size).toBeGreaterThan(0);
    server = await startServerProcess({ args: ['--data', data.path], env });
    const after = (await api(server.url, 'GET', `/api/rooms/${room.id}`, { key: adminKeyFrom(server.output()) })).body as Snapshot;
    expect(after.version).toBeGreaterThanOrEqual(maxAckedVersion);
    // The timeline is anchored to the server clock: it continues as if the server had never stopped.
    expect(after.timeline).toEqual(seen.before!.timeline);
    expect(after.node).toBe('a');
    // Every voter with an acknowledged vote is counted once; unacknowledged ones may or may not have landed.
    const withAck = voters.filter((v) => v.acked.size > 0).length;
    const recovered = after.choice.counts.x! + after.choice.counts.y!;
    expect(recovered).toBeGreaterThanOrEqual(withAck);
    expect(recovered).toBeLessThanOrEqual(VOTERS);

    // Each voter retries what it never heard back about, with the same ids: retries are idempotent.
    await Promise.all(
      voters.map(async (v) => {
        v.client.terminate();
        const client = await RoomClient.connect(server.url, { token: v.token });
        await client.welcome();
        for (const s of v.sent.filter((s) => !v.acked.has(s.id))) {
          expect(await client.command({ type: 'vote', option: s.option }, s.id)).toMatchObject({ t: 103 });
        }
        await client.close();
      }),
    );
    const final = (await api(server.url, 'GET', `/api/rooms/${room.id}`, { key: adminKeyFrom(server.output()) })).body as Snapshot;
    const expected = { x: 0, y: 0 } as Record<string, number>;
    for (const v of voters) if (v.sent.length > 0) expected[v.sent.at(-1)!.option]! += 1;
    // Now every vote is acknowledged: the tally is exactly one vote per voter, each voter's last.
    expect(final.choice.counts).toEqual(expected);
    expect(final.version).toBeGreaterThanOrEqual(after.version);
    console.log(`crash test: ${totalSent} votes sent in ${elapsed} ms (${Math.round(totalSent / (elapsed / 1000))}/s), ${totalAcked} acked before kill -9`);
  }, 90_000);
});
