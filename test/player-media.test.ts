/** Media helpers: first segments of an ffmpeg manifest, and prefetch limited to k branches and a byte budget. */
import { describe, expect, it } from 'vitest';
import { firstSegmentUrls } from '../player/media/mpd-segments.ts';
import { Prefetcher } from '../player/media/prefetcher.ts';

const MPD = `<MPD><Period><AdaptationSet>
<Representation id="0" mimeType="video/mp4"><SegmentTemplate timescale="12800" initialization="init-stream$RepresentationID$.m4s" media="chunk-stream$RepresentationID$-$Number%05d$.m4s" startNumber="1"></SegmentTemplate></Representation>
</AdaptationSet><AdaptationSet>
<Representation id="1" mimeType="audio/mp4"><SegmentTemplate initialization="init-stream$RepresentationID$.m4s" media="chunk-stream$RepresentationID$-$Number%05d$.m4s" startNumber="1"></SegmentTemplate></Representation>
</AdaptationSet></Period></MPD>`;

describe('mpd segments', () => {
  it('lists init and first media segments of each representation', () => {
    expect(firstSegmentUrls(MPD, 'http://h/media/demo/vault/manifest.mpd', 2)).toEqual([
      'http://h/media/demo/vault/init-stream0.m4s', 'http://h/media/demo/vault/chunk-stream0-00001.m4s', 'http://h/media/demo/vault/chunk-stream0-00002.m4s',
      'http://h/media/demo/vault/init-stream1.m4s', 'http://h/media/demo/vault/chunk-stream1-00001.m4s', 'http://h/media/demo/vault/chunk-stream1-00002.m4s',
    ]);
  });
});

describe('prefetcher', () => {
  function fakeFetch(sizes: number) {
    const calls: string[] = [];
    const aborted: string[] = [];
    const fetch = async (url: string, init: { signal: AbortSignal }) => {
      calls.push(url);
      await new Promise((r) => setTimeout(r, 1));
      if (init.signal.aborted) { aborted.push(url); throw new Error('aborted'); }
      return { ok: true, text: async () => MPD, arrayBuffer: async () => new ArrayBuffer(sizes) };
    };
    return { calls, aborted, fetch };
  }

  it('warms at most k branches, in tally order', async () => {
    const f = fakeFetch(1000);
    const p = new Prefetcher({ k: 2, fetch: f.fetch, segments: 1 });
    p.update(['http://h/a/m.mpd', 'http://h/b/m.mpd', 'http://h/c/m.mpd']);
    await new Promise((r) => setTimeout(r, 50));
    expect(f.calls.some((u) => u.startsWith('http://h/c/'))).toBe(false);
    expect(p.warmed.sort()).toEqual(['http://h/a/m.mpd', 'http://h/b/m.mpd']);
  });

  it('stops at the byte budget', async () => {
    const f = fakeFetch(100_000);
    const p = new Prefetcher({ k: 1, fetch: f.fetch, budgetBytes: 150_000, segments: 2 });
    p.update(['http://h/a/m.mpd']);
    await new Promise((r) => setTimeout(r, 50));
    expect(p.spent).toBeLessThan(250_000);
    expect(f.calls.length).toBe(3); // manifest + 2 segments, then the budget is spent
  });

  it('aborts a branch that falls out of the top k', async () => {
    const f = fakeFetch(10);
    const p = new Prefetcher({ k: 1, fetch: f.fetch });
    p.update(['http://h/a/m.mpd']);
    p.update(['http://h/b/m.mpd']);
    await new Promise((r) => setTimeout(r, 50));
    expect(f.aborted).toContain('http://h/a/m.mpd');
    expect(p.warmed).toEqual(['http://h/b/m.mpd']);
  });
});
