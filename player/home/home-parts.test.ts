/** The home page's pure parts: the graph thumbnail's layout, the validity badge, the QR matrix, and the room-creation answers. */
import { describe, expect, it } from 'vitest';
import type { Story } from '../../engine/story.ts';
import { createRoom } from './create-room.ts';
import { thumbnailLayout } from './graph-thumbnail.ts';
import { qrPath } from './qr-code.ts';
import { validityOf, validityText } from './story-cards.ts';

const media = (duration = 10) => ({ src: 'x/manifest.mpd', duration });
const story = {
  id: 's', version: 1, title: 'S', start: 'a', variables: {},
  nodes: {
    a: { media: media(), choice: { opens: 1, closes: 5, mode: 'vote', default: 'b', options: [{ id: 'b', label: 'B', to: 'b' }, { id: 'c', label: 'C', to: 'c' }] } },
    b: { media: media(), next: 'a' },
    c: { media: media(), ending: { title: 'End' } },
  },
} as unknown as Story;

describe('thumbnailLayout', () => {
  it('puts the start in the first column and each node one column further than its nearest parent, with a line per exit', () => {
    const t = thumbnailLayout(story);
    const dot = (id: string) => t.dots.find((d) => d.id === id)!;
    expect(dot('a').kind).toBe('start');
    expect(dot('c').kind).toBe('ending');
    expect(dot('b').x).toBe(dot('c').x);
    expect(dot('b').x).toBeGreaterThan(dot('a').x);
    expect(dot('b').y).not.toBe(dot('c').y);
    // a→b, a→c forward; b→a goes back (drawn as a curve).
    expect(t.lines.map((l) => l.back)).toEqual([false, false, true]);
    expect(t.width).toBeGreaterThan(dot('b').x);
  });
});

describe('validityOf', () => {
  it('says Valid for a sound story and counts warnings with the first message', () => {
    expect(validityText(validityOf(story))).toBe('Valid');
    const unused = { ...story, variables: { spare: 1 } } as unknown as Story;
    const v = validityOf(unused);
    expect(v).toMatchObject({ state: 'warnings', count: 1 });
    expect(validityText(v)).toBe('1 warning');
  });

  it('reports errors before warnings', () => {
    const broken = { ...story, nodes: { ...story.nodes, b: { media: media(), next: 'nowhere' } } } as unknown as Story;
    const v = validityOf(broken);
    expect(v.state).toBe('errors');
    expect(validityText(v)).toMatch(/^\d+ errors?$/);
  });
});

describe('qrPath', () => {
  it('draws a version-appropriate matrix with the three finder patterns in place', () => {
    const { size, d } = qrPath('http://127.0.0.1:8080/watch/abcDEF123_-');
    // Version 3 (29 modules) fits this link at level M; plus 4 quiet modules each side.
    expect(size).toBe(29 + 8);
    const dark = new Set(d.split('z').filter(Boolean).map((m) => m.replace(/^M/, '').split('h')[0]));
    // Finder patterns: the top-left module of each 7×7 square is dark, the quiet zone is not.
    for (const [x, y] of [[4, 4], [4 + 22, 4], [4, 4 + 22]]) expect(dark.has(`${x} ${y}`)).toBe(true);
    expect(dark.has('3 3')).toBe(false);
  });
});

describe('createRoom', () => {
  const answer = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status });

  it('puts the host token in the host link fragment', async () => {
    const outcome = await createRoom('demo', 'k', answer(201, { id: 'r1', hostToken: 't/1', hostUrl: 'http://h/host/r1', joinUrl: 'http://h/watch/r1' }));
    expect(outcome).toEqual({ ok: true, room: { id: 'r1', hostLink: 'http://h/host/r1#token=t%2F1', viewerLink: 'http://h/watch/r1' } });
  });

  it('tells a refused key, a server error and no answer apart', async () => {
    expect(await createRoom('demo', 'k', answer(401, { error: { message: 'missing or bad key' } }))).toMatchObject({ ok: false, kind: 'bad-key' });
    expect(await createRoom('demo', 'k', answer(404, { error: { message: "no story 'demo'" } }))).toMatchObject({ ok: false, kind: 'refused', message: "The room was not created: no story 'demo'." });
    expect(await createRoom('demo', 'k', () => Promise.reject(new TypeError('fetch failed')))).toMatchObject({ ok: false, kind: 'unreachable' });
  });
});
