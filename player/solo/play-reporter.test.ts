import { describe, expect, it } from 'vitest';
import type { RoomInput } from '../../engine/room/room-types.ts';
import { PlayReporter } from './play-reporter.ts';

/** A server that stores plays like POST /api/stories/:id/plays: indexed batches, gaps refused with 409. */
function fakeServer(behaviour: { failFirst?: number; status?: number } = {}) {
  const stored: RoomInput[] = [];
  const bodies: Array<{ play: string; from: number; inputs: RoomInput[] }> = [];
  let failures = behaviour.failFirst ?? 0;
  const fetch = async (_url: string, init: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init.body)) as { play: string; from: number; inputs: RoomInput[] };
    bodies.push(body);
    if (failures-- > 0) throw new TypeError('offline');
    if (behaviour.status) return new Response('{}', { status: behaviour.status });
    if (body.from > stored.length) return new Response(JSON.stringify({ error: { code: 'gap', stored: stored.length } }), { status: 409 });
    body.inputs.forEach((input, i) => { if (body.from + i >= stored.length) stored.push(input); });
    return new Response(JSON.stringify({ stored: stored.length }), { status: 202 });
  };
  return { stored, bodies, fetch };
}

/** Timers run by hand, so the test controls when a batch goes. */
function manualTimers() {
  const due: Array<() => void> = [];
  return {
    setTimeout: (fn: () => void) => { due.push(fn); return due.length; },
    clearTimeout: () => undefined,
    /** Lets pending fetches settle, then runs due timers, until nothing is left (bounded). */
    async runAll(rounds = 20) {
      for (let i = 0; i < rounds; i++) {
        await new Promise((r) => setTimeout(r, 0));
        const next = due.shift();
        if (!next) break;
        next();
      }
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

const tick = (t: number): RoomInput => ({ type: 'tick', t });

describe('PlayReporter', () => {
  it('posts the log in indexed batches, and only what the server has not acknowledged', async () => {
    const server = fakeServer();
    const timers = manualTimers();
    const log: RoomInput[] = Array.from({ length: 450 }, (_, i) => tick(i));
    const r = new PlayReporter({ url: '/plays', storyVersion: 'v', inputs: () => log, fetch: server.fetch, ...timers }, 'play-1');
    r.poke();
    await timers.runAll();
    expect(server.stored).toHaveLength(450);
    expect(server.bodies.map((b) => b.from)).toEqual([0, 200, 400]);
    expect(r.sent).toBe(450);
    log.push(tick(450));
    r.poke();
    await timers.runAll();
    expect(server.bodies.at(-1)).toMatchObject({ play: 'play-1', from: 450 });
    expect(server.stored).toHaveLength(451);
  });

  it('retries after a failure and ends with the server holding the log exactly once', async () => {
    const server = fakeServer({ failFirst: 2 });
    const timers = manualTimers();
    const log = [tick(1), tick(2), tick(3)];
    const r = new PlayReporter({ url: '/plays', storyVersion: 'v', inputs: () => log, fetch: server.fetch, ...timers });
    r.poke();
    await timers.runAll();
    expect(server.bodies.length).toBe(3);
    expect(server.stored).toEqual(log);
  });

  it('a resumed run whose counter restarted at 0 resends, and the server keeps one copy', async () => {
    const server = fakeServer();
    const timers = manualTimers();
    const log = [tick(1), tick(2)];
    const first = new PlayReporter({ url: '/plays', storyVersion: 'v', inputs: () => log, fetch: server.fetch, ...timers }, 'same');
    first.flush();
    await timers.runAll();
    log.push(tick(3));
    const again = new PlayReporter({ url: '/plays', storyVersion: 'v', inputs: () => log, fetch: server.fetch, ...timers }, 'same');
    again.flush();
    await timers.runAll();
    expect(server.stored).toEqual(log);
  });

  it('stops for good when the server does not take plays (turned off)', async () => {
    const server = fakeServer({ status: 403 });
    const timers = manualTimers();
    const r = new PlayReporter({ url: '/plays', storyVersion: 'v', inputs: () => [tick(1)], fetch: server.fetch, ...timers });
    r.flush();
    await timers.runAll();
    expect(r.off).toBe(true);
    r.poke();
    await timers.runAll();
    expect(server.bodies).toHaveLength(1);
  });

  it('starts a new play when the story changed under the old one, and when the server holds more than this log', async () => {
    const stored = new Map<string, number>();
    const seen: Array<{ play: string; from: number }> = [];
    const timers = manualTimers();
    const log = [tick(1), tick(2), tick(3)];
    const fetch = async (_url: string, init: RequestInit): Promise<Response> => {
      const body = JSON.parse(String(init.body)) as { play: string; from: number; inputs: RoomInput[] };
      seen.push({ play: body.play, from: body.from });
      if (body.play === 'changed') return new Response(JSON.stringify({ error: { code: 'story-changed', stored: 9 } }), { status: 409 });
      if (body.play === 'longer') return new Response(JSON.stringify({ stored: 10 }), { status: 202 });
      stored.set(body.play, body.from + body.inputs.length);
      return new Response(JSON.stringify({ stored: body.from + body.inputs.length }), { status: 202 });
    };
    for (const play of ['changed', 'longer']) {
      const r = new PlayReporter({ url: '/plays', storyVersion: 'v', inputs: () => log, fetch, ...timers }, play);
      r.flush();
      await timers.runAll();
      expect(r.play).not.toBe(play);
      expect(stored.get(r.play)).toBe(3);
      expect(seen.at(-1)).toEqual({ play: r.play, from: 0 });
    }
  });
});
