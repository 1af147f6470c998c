/**
 * The protocol rules that docs/protocol.md states and an outside client
 * author asked about, against a real server: which error wins when several
 * apply, what may precede HELLO, one token on two sockets, seeking across
 * cue points (skipped quizzes, a vote decided by the seek), a closed room's
 * coupon claim, and the shapes of WELCOME, the snapshot and 404 bodies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKeyFrom, api, createRoom, postStory, viewerToken, type CreatedRoom } from './support/rooms-api.ts';
import { RoomClient } from './support/room-client.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';

/** a: a quiz at 5-10 s, a vote at 20-30 s (x → b, y → c); b, c: endings. */
const story = {
  format: 'branchcast/story@1',
  id: 'rules',
  title: 'Rules',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'rules/a.mpd', duration: 60 },
      quizzes: [{ id: 'q1', opens: 5, closes: 10, prompt: 'Which?', options: ['A', 'B'], answer: 1, points: 10 }],
      choice: { opens: 20, closes: 30, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'c' }] },
      hotspots: [{ id: 'deal', kind: 'coupon', campaign: 'rules-one', limit: 1, from: 0, to: 60, region: { x: 0, y: 0, w: 0.2, h: 0.2 } }],
    },
    b: { media: { src: 'rules/b.mpd', duration: 5 }, ending: { title: 'B' } },
    c: { media: { src: 'rules/c.mpd', duration: 5 }, ending: { title: 'C' } },
  },
};

let server: ServerProcess;
let key: string;
const open: RoomClient[] = [];

beforeAll(async () => {
  server = await startServerProcess();
  key = adminKeyFrom(server.output());
  await postStory(server.url, key, story);
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await server?.stop();
});

async function join(token: string): Promise<RoomClient> {
  const client = await RoomClient.connect(server.url, { token });
  open.push(client);
  await client.welcome();
  return client;
}

async function freshRoom(): Promise<{ room: CreatedRoom; host: RoomClient }> {
  const room = await createRoom(server.url, key, 'rules');
  return { room, host: await join(room.hostToken) };
}

describe('which error wins (docs/protocol.md §4)', () => {
  it('malformed before role before state, the same over WebSocket and HTTP', async () => {
    const { room, host } = await freshRoom();
    const { token } = await viewerToken(server.url, room.id);
    const v = await join(token);
    // No choice is open: a viewer's `choose` is still not-allowed (a vote node), the host's is bad-state.
    expect(await v.command({ type: 'choose', option: 'x' })).toMatchObject({ code: 'not-allowed' });
    expect(await host.command({ type: 'choose', option: 'x' })).toMatchObject({ code: 'bad-state' });
    // A malformed push-quiz is invalid whoever sends it; a well-formed one from a viewer is not-allowed.
    expect(await v.command({ type: 'push-quiz', quiz: { id: 'p', prompt: '', options: ['a'] } })).toMatchObject({ code: 'invalid' });
    expect(await v.command({ type: 'push-quiz', quiz: { id: 'p', prompt: 'Now?', options: ['a', 'b'] } })).toMatchObject({ code: 'not-allowed' });
    // No open vote: bad-state, even for an option that does not exist.
    expect(await v.command({ type: 'vote', option: 'nope' })).toMatchObject({ code: 'bad-state' });
    const http = (cmd: Record<string, unknown>) => fetch(`${server.url}/api/rooms/${room.id}/commands`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ cmd }) });
    expect((await http({ type: 'choose', option: 'x' })).status).toBe(403);
    expect((await http({ type: 'push-quiz', quiz: { id: 'p', prompt: '', options: ['a'] } })).status).toBe(400);

    // A closed room: level 1 and 2 still answer first, then bad-state.
    expect((await api(server.url, 'DELETE', `/api/rooms/${room.id}`, { key })).status).toBe(204);
    expect((await http({ type: 'play' })).status).toBe(403);
    expect((await http({ type: 'comment', text: '  ', at: 1 })).status).toBe(400);
    expect((await http({ type: 'comment', text: 'hello', at: 1 })).status).toBe(409);
  });

  it('a claim in a closed room is bad-state and uses up no code of the campaign', async () => {
    const first = await freshRoom();
    const { token } = await viewerToken(server.url, first.room.id);
    await api(server.url, 'DELETE', `/api/rooms/${first.room.id}`, { key });
    const claim = await fetch(`${server.url}/api/rooms/${first.room.id}/commands`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ cmd: { type: 'claim', hotspot: 'deal' } }) });
    expect(claim.status).toBe(409);
    // The campaign has one code in all; another room of the story still gets it.
    const second = await freshRoom();
    const v = await join((await viewerToken(server.url, second.room.id)).token);
    expect(await v.command({ type: 'claim', hotspot: 'deal' })).toMatchObject({ t: 103, data: { campaign: 'rules-one' } });
    const w = await join((await viewerToken(server.url, second.room.id)).token);
    expect(await w.command({ type: 'claim', hotspot: 'deal' })).toMatchObject({ t: 104, code: 'bad-state' }); // sold out
  });
});

describe('before HELLO (docs/protocol.md §2)', () => {
  it('TIME is answered, COMMAND is bad-state, malformed frames count toward the same 4008 limit as after joining', async () => {
    const { room } = await freshRoom();
    const c = await RoomClient.connect(server.url);
    open.push(c);
    c.send({ t: 2, c0: 5 });
    expect(await c.waitFor((f) => f.t === 102)).toMatchObject({ c0: 5 });
    expect(await c.command({ type: 'vote', option: 'x' }, 'early')).toMatchObject({ t: 104, code: 'bad-state', id: 'early' });
    // A HELLO without a token is invalid but not a malformed frame: it does not count.
    for (let i = 0; i < 60; i++) c.send({ t: 1 });
    for (let i = 0; i < 30; i++) c.ws.send(Buffer.from([0xc1]));
    await c.waitFor(() => c.frames.filter((f) => f.t === 104 && f.code === 'invalid').length === 90);
    c.send({ t: 1, token: (await viewerToken(server.url, room.id)).token });
    await c.welcome();
    const from = c.frames.length;
    for (let i = 0; i < 21; i++) c.ws.send(Buffer.from([0xc1]));
    expect((await c.closed).code).toBe(4008);
    // 30 before HELLO + 20 after = 50 answered; the 51st closed the socket without an ERROR.
    expect(c.frames.slice(from).filter((f) => f.t === 104)).toHaveLength(20);
  });
});

describe('one token, two sockets (docs/protocol.md §3)', () => {
  it('share one vote, one quiz answer, one comment allowance and one id cache; each socket has its own command rate', async () => {
    const { room, host } = await freshRoom();
    const { token } = await viewerToken(server.url, room.id);
    const a = await join(token);
    const b = await join(token);
    expect((await host.waitFor((f) => f.t === 108 && f.present === 3)).present).toBe(3); // connections, not subjects
    expect(await host.command({ type: 'seek', position: 25 })).toMatchObject({ t: 103 }); // opens the vote (and runs the quiz past)
    await a.waitForEvent('choice-open');
    // Ids are per subject, not per socket: the two sockets must not reuse each other's ids.
    expect(await a.command({ type: 'vote', option: 'x' }, 'a-vote')).toMatchObject({ t: 103 });
    expect(await b.command({ type: 'vote', option: 'y' }, 'b-vote')).toMatchObject({ t: 103 });
    const snapshot = (await api(server.url, 'GET', `/api/rooms/${room.id}`, { key })).body as { choice: { counts: Record<string, number> } };
    expect(snapshot.choice.counts).toEqual({ x: 0, y: 1 }); // one vote, moved by the second socket
    // The id cache is the subject's: the same id on the other socket gets the first answer.
    const first = await a.command({ type: 'vote', option: 'x' }, 'shared-id');
    expect(await b.command({ type: 'vote', option: 'y' }, 'shared-id')).toEqual(first);
    // Comments: 5 per 10 s per subject, across both sockets.
    const comments = await Promise.all([0, 1, 2].flatMap((i) => [a.command({ type: 'comment', text: `a${i}`, at: 25 }, `a-comment-${i}`), b.command({ type: 'comment', text: `b${i}`, at: 25 }, `b-comment-${i}`)]));
    expect(comments.filter((f) => f.t === 103)).toHaveLength(5);
    expect(comments.filter((f) => f.code === 'rate-limited')).toHaveLength(1);
    // The command rate is per connection: on fresh sockets, 40 at once each are all let through
    // (a burst of 40), while 80 at once on one socket are not.
    const [c, d, e] = await Promise.all([join(token), join(token), join(token)]);
    const burst = await Promise.all([c, d].flatMap((s, k) => Array.from({ length: 40 }, (_, i) => s.command({ type: 'vote', option: 'x' }, `burst-${k}-${i}`))));
    expect(burst.filter((f) => f.code === 'rate-limited')).toHaveLength(0);
    const single = await Promise.all(Array.from({ length: 80 }, (_, i) => (e as RoomClient).command({ type: 'vote', option: 'x' }, `single-${i}`)));
    expect(single.filter((f) => f.code === 'rate-limited').length).toBeGreaterThanOrEqual(30);
  });

  it('the first quiz answer counts, from either socket', async () => {
    const { room, host } = await freshRoom();
    const { token } = await viewerToken(server.url, room.id);
    const a = await join(token);
    const b = await join(token);
    expect(await host.command({ type: 'seek', position: 6 })).toMatchObject({ t: 103 });
    await a.waitForEvent('quiz-open');
    expect(await a.command({ type: 'answer', quiz: 'q1', option: 1 }, 'a-answer')).toMatchObject({ t: 103 });
    expect(await b.command({ type: 'answer', quiz: 'q1', option: 0 }, 'b-answer')).toMatchObject({ t: 104, code: 'bad-state' });
    // The same id from the other socket is a retry, not a second answer: it gets the first ACK.
    expect(await b.command({ type: 'answer', quiz: 'q1', option: 0 }, 'a-answer')).toMatchObject({ t: 103 });
  });
});

describe('seeking across cue points (docs/protocol.md §3)', () => {
  it('a forward seek fires every cue it skips, in order; a vote is decided by the seek; seeking back reopens nothing', async () => {
    const { room, host } = await freshRoom();
    const v = await join((await viewerToken(server.url, room.id)).token);
    const start = host.events().length;
    // Paused (a new room is): seeks fire cues all the same.
    expect(await host.command({ type: 'seek', position: 25 })).toMatchObject({ t: 103 });
    await host.waitForEvent('choice-open');
    const skipped = host.events().slice(start);
    expect(skipped.map((e) => e.type)).toEqual(['timeline', 'quiz-open', 'quiz-close', 'choice-open']);
    expect(skipped[2]).toMatchObject({ quiz: 'q1', answer: 1, results: { total: 0 } }); // opened and closed unanswered
    expect(skipped.map((e) => e.version)).toEqual(skipped.map((_, i) => (skipped[0] as { version: number }).version + i));
    expect(await v.command({ type: 'vote', option: 'y' })).toMatchObject({ t: 103 });

    // Past the close: the vote is decided now, with the votes cast so far; the switch stays at the segment end.
    const before = host.events().length;
    expect(await host.command({ type: 'seek', position: 40 })).toMatchObject({ t: 103 });
    await host.waitForEvent('switch');
    expect(host.events().slice(before)).toMatchObject([{ type: 'timeline' }, { type: 'switch', option: 'y', to: 'c', atMedia: 60, counts: { x: 0, y: 1 } }]);

    // Back before every cue: nothing reopens, the decision stands.
    const back = host.events().length;
    const backFrames = host.frames.length;
    expect(await host.command({ type: 'seek', position: 0 })).toMatchObject({ t: 103 });
    await host.waitFor((f) => f.t === 101 && (f.events as Array<{ type: string }>).some((e) => e.type === 'timeline'), 10_000, backFrames);
    expect(host.events().slice(back).map((e) => e.type)).toEqual(['timeline']);
    const snapshot = (await api(server.url, 'GET', `/api/rooms/${room.id}`, { key })).body as { phase: string; quizzes: unknown[]; pendingSwitch: unknown };
    expect(snapshot).toMatchObject({ phase: 'decided', quizzes: [], pendingSwitch: { option: 'y', to: 'c', atMedia: 60 } });
    expect(await v.command({ type: 'vote', option: 'x' })).toMatchObject({ t: 104, code: 'bad-state' });

    // To (or past) the end: clamped to the segment end, and the switch happens at once.
    const end = host.events().length;
    expect(await host.command({ type: 'seek', position: 999 })).toMatchObject({ t: 103 });
    await host.waitForEvent('ended');
    expect(host.events().slice(end)).toMatchObject([{ type: 'timeline', timeline: { mediaAnchor: 60 } }, { type: 'node', node: 'c', from: 'a', option: 'y' }, { type: 'ended', node: 'c' }]);
  });

  it('one seek past a whole node with no votes takes the default', async () => {
    const { host } = await freshRoom();
    const start = host.events().length;
    expect(await host.command({ type: 'seek', position: 999 })).toMatchObject({ t: 103 });
    await host.waitForEvent('ended');
    expect(host.events().slice(start).map((e) => e.type)).toEqual(['timeline', 'quiz-open', 'quiz-close', 'choice-open', 'switch', 'node', 'ended']);
    expect(host.events().find((e) => e.type === 'switch')).toMatchObject({ option: 'x', counts: { x: 0, y: 0 } });
  });
});

describe('shapes the doc now states', () => {
  it('WELCOME has score; snapshot.comments is an integer count; 404 bodies', async () => {
    const { room, host } = await freshRoom();
    const v = await join((await viewerToken(server.url, room.id)).token);
    expect(await v.command({ type: 'comment', text: 'hi', at: 1 })).toMatchObject({ t: 103 });
    const welcome = await host.welcome();
    expect(welcome.score).toBe(0);
    const snapshot = (await api(server.url, 'GET', `/api/rooms/${room.id}`, { key })).body as { comments: unknown };
    expect(snapshot.comments).toBe(1);
    expect(await api(server.url, 'GET', '/api/rooms/no-such-room', { key })).toEqual({ status: 404, body: { error: { code: 'not-found', message: 'no such room' } } });
    const unrouted = await api(server.url, 'GET', '/no/such/path');
    expect(unrouted.status).toBe(404);
    expect(unrouted.body).toMatchObject({ error: { code: 'not-found' } });
  });
});
