import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom, createRoom, postStory, viewerToken, type CreatedRoom } from './support/rooms-api.ts';
import { RoomClient } from './support/room-client.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

/** A long scene with a hotspot on screen from the start, so tests are not racing the clock. */
const story = {
  format: 'branchcast/story@1',
  id: 'audience',
  title: 'Audience',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'audience/a.mpd', duration: 600 },
      hotspots: [
        { id: 'shades', kind: 'ar', from: 0, to: 590, region: { x: 0.1, y: 0.1, w: 0.2, h: 0.2 }, overlay: 'audience/shades.png' },
        { id: 'site', kind: 'link', from: 0, to: 590, region: { x: 0.5, y: 0.5, w: 0.2, h: 0.2 }, url: 'https://example.com/' },
      ],
      next: 'b',
    },
    b: { media: { src: 'audience/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

let server: ServerProcess;
let data: TempDir;
let room: CreatedRoom;
let host: RoomClient;

beforeAll(async () => {
  data = await makeTempDir('branchcast-audience-');
  const filter = join(data.path, 'words.txt');
  await writeFile(filter, '# banned words\nspoiler\n');
  server = await startServerProcess({ args: ['--data', data.path, '--word-filter', filter], env: { COMMANDS_PER_SECOND: '1000' } });
  const key = adminKeyFrom(server.output());
  await postStory(server.url, key, story);
  room = await createRoom(server.url, key, 'audience');
  host = await RoomClient.connect(server.url, { token: room.hostToken });
  await host.welcome();
  await host.command({ type: 'play' });
});
afterAll(async () => {
  await host?.close();
  await server?.stop();
  await data?.remove();
});

async function viewer(): Promise<RoomClient> {
  const c = await RoomClient.connect(server.url, { token: (await viewerToken(server.url, room.id)).token });
  await c.welcome();
  return c;
}

describe('teacher-mode quizzes over real sockets', () => {
  it('host pushes a quiz; first answers count; the heatmap streams to hosts only; final results go to everyone', async () => {
    const viewers = await Promise.all([0, 1, 2, 3].map(() => viewer()));
    expect(await viewers[0]!.command({ type: 'push-quiz', quiz: { id: 'q1', prompt: '2+2?', options: ['3', '4'], answer: 1 } })).toMatchObject({ code: 'not-allowed' });
    expect(await host.command({ type: 'push-quiz', quiz: { id: 'q1', prompt: '2+2?', options: ['3', '4'], answer: 1, points: 10 } })).toMatchObject({ t: 103 });
    for (const v of viewers) expect(await v.waitForEvent('quiz-open')).toMatchObject({ quiz: 'q1', options: ['3', '4'], points: 10, node: null });

    await viewers[0]!.command({ type: 'answer', quiz: 'q1', option: 1 });
    expect(await viewers[0]!.command({ type: 'answer', quiz: 'q1', option: 0 })).toMatchObject({ code: 'bad-state' }); // the first answer counts
    await viewers[1]!.command({ type: 'answer', quiz: 'q1', option: 1 });
    await viewers[2]!.command({ type: 'answer', quiz: 'q1', option: 0 });
    expect(await viewers[3]!.command({ type: 'answer', quiz: 'q1', option: 7 })).toMatchObject({ code: 'invalid' });

    const heat = await host.waitFor((f) => f.t === 106 && (f.quizzes as Array<{ total: number }>)[0]?.total === 3);
    expect((heat.quizzes as Array<{ counts: number[] }>)[0]!.counts).toEqual([1, 2]);
    expect(viewers.some((v) => v.frames.some((f) => f.t === 106))).toBe(false);

    await host.command({ type: 'close-quiz', quiz: 'q1' });
    const closed = await viewers[3]!.waitForEvent('quiz-close');
    expect(closed).toMatchObject({ quiz: 'q1', answer: 1, results: { counts: [1, 2], total: 3, correct: 2 } });
    expect((closed.results as { correctRatio: number }).correctRatio).toBeCloseTo(2 / 3);
    expect((closed.results as { buckets: number[] }).buckets.reduce((a, b) => a + b, 0)).toBe(3);
    expect(await viewers[1]!.command({ type: 'answer', quiz: 'q1', option: 1 })).toMatchObject({ code: 'bad-state' });

    // Running scores: a reconnecting viewer learns theirs in WELCOME.
    const token = (await viewerToken(server.url, room.id)).token;
    const fresh = await RoomClient.connect(server.url, { token });
    expect((await fresh.welcome()).score).toBe(0);
    await Promise.all([...viewers, fresh].map((v) => v.close()));
  });

  it('a timed ad-hoc quiz closes by itself', async () => {
    const v = await viewer();
    await host.command({ type: 'push-quiz', quiz: { id: 'poll', prompt: 'Tea or coffee?', options: ['tea', 'coffee'], seconds: 1 } });
    await v.command({ type: 'answer', quiz: 'poll', option: 0 });
    const closed = await v.waitForEvent('quiz-close', 5000);
    expect(closed).toMatchObject({ quiz: 'poll', results: { counts: [1, 0], total: 1 } });
    expect(closed.answer).toBeUndefined();
    await v.close();
  });
});

describe('comments', () => {
  it('are broadcast live, filtered, and sent as a window on join', async () => {
    const a = await viewer();
    const b = await viewer();
    expect(await a.command({ type: 'comment', text: 'what a twist', at: 5 })).toMatchObject({ t: 103 });
    const seen = await b.waitForEvent('comment');
    expect(seen).toMatchObject({ text: 'what a twist', at: 5, node: 'a' });
    expect(await a.command({ type: 'comment', text: 'no spoiler please', at: 6 })).toMatchObject({ t: 103 });
    expect((await b.waitFor((f) => f.t === 101 && (f.events as Array<{ text?: string }>).some((e) => e.text?.includes('*******')))).t).toBe(101);
    expect(await a.command({ type: 'comment', text: 'Spoiler', at: 6 })).toMatchObject({ code: 'invalid' });

    const late = await viewer();
    const window = await late.waitFor((f) => f.t === 107);
    expect(window).toMatchObject({ node: 'a' });
    expect((window.comments as Array<{ text: string }>).map((c) => c.text)).toEqual(expect.arrayContaining(['what a twist', 'no ******* please']));
    await Promise.all([a.close(), b.close(), late.close()]);
  });

  it('over-long comments and floods get typed errors, and a rate-limited comment never appears for anyone', async () => {
    const a = await viewer();
    const watcher = await viewer();
    expect(await a.command({ type: 'comment', text: 'x'.repeat(281), at: 1 })).toMatchObject({ code: 'invalid' });
    expect(await a.command({ type: 'comment', text: 'x'.repeat(5000), at: 1 })).toMatchObject({ code: 'invalid' });
    const replies = [];
    for (let i = 0; i < 8; i++) replies.push(await a.command({ type: 'comment', text: `flood ${i}`, at: 1 }));
    expect(replies.filter((r) => r.t === 103)).toHaveLength(5);
    expect(replies.slice(5).every((r) => r.code === 'rate-limited')).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    const texts = watcher.events().filter((e) => e.type === 'comment').map((e) => e.text);
    expect(texts).toEqual(['flood 0', 'flood 1', 'flood 2', 'flood 3', 'flood 4']);
    await Promise.all([a.close(), watcher.close()]);
  });
});

describe('hotspots', () => {
  it('count impressions and clicks; forged ids are typed errors; claims need a coupon', async () => {
    const v = await viewer();
    expect(await v.command({ type: 'hotspot', hotspot: 'shades', action: 'impression' })).toMatchObject({ t: 103 });
    expect(await v.command({ type: 'hotspot', hotspot: 'shades', action: 'click' })).toMatchObject({ t: 103 });
    expect(await v.command({ type: 'hotspot', hotspot: 'site', action: 'click' })).toMatchObject({ t: 103 });
    expect(await v.command({ type: 'hotspot', hotspot: 'forged', action: 'click' })).toMatchObject({ code: 'invalid' });
    expect(await v.command({ type: 'hotspot', hotspot: 'shades', action: 'hover' })).toMatchObject({ code: 'invalid' });
    expect(await v.command({ type: 'claim', hotspot: 'shades' })).toMatchObject({ code: 'invalid' });
    expect(await v.command({ type: 'claim', hotspot: 'forged' })).toMatchObject({ code: 'invalid' });
    // Hosts get the counters pushed (STATS, at most once a second); viewers never do.
    const stats = await host.waitFor((f) => f.t === 108 && JSON.stringify(f.hotspots).includes('"hotspot":"site","impressions":0,"clicks":1'), 5000);
    expect(stats.hotspots).toEqual(expect.arrayContaining([{ hotspot: 'shades', impressions: 1, clicks: 1, claims: 0 }]));
    expect(stats.present).toBeGreaterThanOrEqual(2);
    expect(v.frames.some((f) => f.t === 108)).toBe(false);
    await v.close();
  });

  it('a host gets the audience counters right after WELCOME', async () => {
    const second = await RoomClient.connect(server.url, { token: room.hostToken });
    const welcome = await second.welcome();
    const stats = await second.waitFor((f) => f.t === 108, 2000);
    expect(second.frames.indexOf(stats)).toBeGreaterThan(second.frames.indexOf(welcome));
    expect(stats).toMatchObject({ present: expect.any(Number), hotspots: expect.any(Array) });
    await second.close();
  });
});

describe('story-acting hotspots over real sockets', () => {
  const acting = {
    format: 'branchcast/story@1', id: 'acting', title: 'Acting', start: 'a',
    nodes: {
      a: {
        media: { src: 'acting/a.mpd', duration: 600 },
        hotspots: [
          { id: 'pick-go', kind: 'choice', option: 'go', from: 0, to: 500, region: { x: 0, y: 0, w: 0.2, h: 0.2 } },
          { id: 'skip', kind: 'seek', seekTo: 100, from: 0, to: 50, region: { x: 0.5, y: 0, w: 0.2, h: 0.2 } },
        ],
        choice: { opens: 0, closes: 500, mode: 'vote', default: 'stay', options: [{ id: 'stay', label: 'Stay', to: 'b' }, { id: 'go', label: 'Go', to: 'b' }] },
      },
      b: { media: { src: 'acting/b.mpd', duration: 1 }, ending: { title: 'B' } },
    },
  };

  it("a viewer's tap on a choice hotspot votes; a host's tap on a seek hotspot seeks the room", async () => {
    const key = adminKeyFrom(server.output());
    await postStory(server.url, key, acting);
    const r = await createRoom(server.url, key, 'acting');
    const h = await RoomClient.connect(server.url, { token: r.hostToken });
    await h.welcome();
    await h.command({ type: 'play' });
    await h.waitForEvent('choice-open');
    const v = await RoomClient.connect(server.url, { token: (await viewerToken(server.url, r.id)).token });
    await v.welcome();
    expect(await v.command({ type: 'hotspot', hotspot: 'pick-go', action: 'click' })).toMatchObject({ t: 103 });
    expect(await h.waitFor((f) => f.t === 105 && f.total === 1)).toMatchObject({ counts: { stay: 0, go: 1 } });
    // A viewer's tap on a seek hotspot is counted but moves nobody; the host's seeks the room.
    expect(await v.command({ type: 'hotspot', hotspot: 'skip', action: 'click' })).toMatchObject({ t: 103 });
    expect(v.events().some((e) => e.type === 'timeline' && (e.timeline as { mediaAnchor: number }).mediaAnchor === 100)).toBe(false);
    expect(await h.command({ type: 'hotspot', hotspot: 'skip', action: 'click' })).toMatchObject({ t: 103 });
    const seeked = await v.waitFor((f) => f.t === 101 && (f.events as Array<{ type: string; timeline?: { mediaAnchor: number } }>).some((e) => e.type === 'timeline' && e.timeline?.mediaAnchor === 100));
    expect(seeked.t).toBe(101);
    await Promise.all([h.close(), v.close()]);
  });
});

describe('durability of audience data', () => {
  it('comments survive kill -9 and a restart (the index is rebuilt from the room log)', async () => {
    const before = await viewer();
    expect(await before.command({ type: 'comment', text: 'still here after a crash?', at: 7 })).toMatchObject({ t: 103 });
    await before.close();
    await host.close();
    server.child.kill('SIGKILL');
    await server.stop();
    server = await startServerProcess({ args: ['--data', data.path, '--word-filter', join(data.path, 'words.txt')], env: { COMMANDS_PER_SECOND: '1000' } });
    host = await RoomClient.connect(server.url, { token: room.hostToken });
    await host.welcome();
    const after = await viewer();
    const window = await after.waitFor((f) => f.t === 107);
    expect((window.comments as Array<{ text: string }>).map((c) => c.text)).toEqual(expect.arrayContaining(['what a twist', 'still here after a crash?']));
    await after.close();
  }, 60_000);
});

