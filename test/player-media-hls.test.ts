/**
 * Issue 17.2 without a browser: which engine a page picks from its
 * capabilities (and `?media=`), the HLS URL beside a node's manifest, the
 * playlist parser the prefetcher uses, and HLS prefetch under the same budget
 * as DASH.
 */
import { describe, expect, it } from 'vitest';
import { hlsUrlFor } from '../player/media/media-engine.ts';
import { chooseMediaPath, forcedPathFrom, type MediaCapabilities } from '../player/media/media-path.ts';
import { firstPlaylistSegmentUrls, isHlsPlaylist, mediaPlaylistUrls } from '../player/media/m3u8-segments.ts';
import { Prefetcher } from '../player/media/prefetcher.ts';

const none: MediaCapabilities = { mse: false, dashSupported: false, nativeHls: false, hlsShim: false };

describe('media path choice', () => {
  it('prefers dash.js wherever MSE or ManagedMediaSource works', () => {
    expect(chooseMediaPath({ ...none, mse: true, dashSupported: true })).toBe('dash');
    // Safari on macOS/iPadOS: both; dash.js wins without an override.
    expect(chooseMediaPath({ ...none, mse: true, dashSupported: true, nativeHls: true })).toBe('dash');
  });

  it('falls back to native HLS without MSE, or when dash.js cannot use it', () => {
    expect(chooseMediaPath({ ...none, nativeHls: true })).toBe('hls');
    expect(chooseMediaPath({ ...none, mse: true, dashSupported: false, nativeHls: true })).toBe('hls');
  });

  it('tries dash.js when nothing fits, so the failure shows as a media error', () => {
    expect(chooseMediaPath(none)).toBe('dash');
  });

  it('?media=hls forces native HLS, or the hls.js stand-in only where there is none', () => {
    const chromium: MediaCapabilities = { ...none, mse: true, dashSupported: true };
    expect(chooseMediaPath({ ...chromium, forced: 'hls' })).toBe('dash'); // no HLS at all: not forceable
    expect(chooseMediaPath({ ...chromium, hlsShim: true, forced: 'hls' })).toBe('hls-shim');
    expect(chooseMediaPath({ ...chromium, hlsShim: true })).toBe('dash'); // the shim alone never picks itself
    expect(chooseMediaPath({ ...chromium, nativeHls: true, hlsShim: true, forced: 'hls' })).toBe('hls');
    expect(chooseMediaPath({ ...chromium, nativeHls: true, forced: 'dash' })).toBe('dash');
    expect(chooseMediaPath({ ...none, nativeHls: true, forced: 'dash' })).toBe('hls'); // no MSE: dash cannot be forced
  });

  it('?media=hls.js picks the stand-in even beside native HLS, and is plain hls without it', () => {
    const chromium156: MediaCapabilities = { ...none, mse: true, dashSupported: true, nativeHls: true };
    expect(chooseMediaPath({ ...chromium156, hlsShim: true, forced: 'hls.js' })).toBe('hls-shim');
    expect(chooseMediaPath({ ...chromium156, forced: 'hls.js' })).toBe('hls');
    expect(chooseMediaPath({ ...none, mse: true, dashSupported: true, forced: 'hls.js' })).toBe('dash');
  });

  it('reads the override from the page address', () => {
    expect(forcedPathFrom('?media=hls')).toBe('hls');
    expect(forcedPathFrom('?x=1&media=dash')).toBe('dash');
    expect(forcedPathFrom('?media=hls.js')).toBe('hls.js');
    expect(forcedPathFrom('?media=webm')).toBeUndefined();
    expect(forcedPathFrom('')).toBeUndefined();
  });
});

describe('HLS URLs and playlists', () => {
  it('finds master.m3u8 beside the story manifest', () => {
    expect(hlsUrlFor('/media/demo/intro/manifest.mpd')).toBe('/media/demo/intro/master.m3u8');
    expect(hlsUrlFor('http://h/media/demo/vault/vault.mpd?v=2')).toBe('http://h/media/demo/vault/master.m3u8');
    expect(isHlsPlaylist('http://h/a/master.m3u8')).toBe(true);
    expect(isHlsPlaylist('http://h/a/manifest.mpd')).toBe(false);
  });

  const MASTER = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_1",DEFAULT=YES,URI="v-abc/media_1.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=357810,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="group_A1"
v-abc/media_0.m3u8
`;
  const MEDIA = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:1
#EXT-X-MAP:URI="init-stream0.m4s"
#EXTINF:2.000000,
#EXT-X-PROGRAM-DATE-TIME:2026-12-06T21:01:34.000+0000
chunk-stream0-00001.m4s
#EXTINF:2.000000,
chunk-stream0-00002.m4s
#EXTINF:1.000000,
chunk-stream0-00003.m4s
#EXT-X-ENDLIST
`;

  it('lists a master\'s media playlists (variant and audio rendition), relative to the master', () => {
    expect(mediaPlaylistUrls(MASTER, 'http://h/media/demo/vault/master.m3u8')).toEqual([
      'http://h/media/demo/vault/v-abc/media_1.m3u8', 'http://h/media/demo/vault/v-abc/media_0.m3u8',
    ]);
  });

  it('lists a media playlist\'s init and first segments, relative to the playlist', () => {
    expect(firstPlaylistSegmentUrls(MEDIA, 'http://h/m/v-abc/media_0.m3u8', 2)).toEqual([
      'http://h/m/v-abc/init-stream0.m4s', 'http://h/m/v-abc/chunk-stream0-00001.m4s', 'http://h/m/v-abc/chunk-stream0-00002.m4s',
    ]);
    expect(firstPlaylistSegmentUrls(MEDIA.replace('\r', ''), 'http://h/m/v-abc/media_0.m3u8', 0)).toEqual(['http://h/m/v-abc/init-stream0.m4s']);
  });

  it('prefetches master, playlists, inits and first segments, within the byte budget', async () => {
    const calls: string[] = [];
    const fetch = async (url: string) => {
      calls.push(url);
      await new Promise((r) => setTimeout(r, 1));
      return { ok: true, text: async () => (url.endsWith('master.m3u8') ? MASTER : MEDIA), arrayBuffer: async () => new ArrayBuffer(1000) };
    };
    const p = new Prefetcher({ k: 1, fetch, segments: 1 });
    p.update(['http://h/v/master.m3u8']);
    await new Promise((r) => setTimeout(r, 80));
    expect(calls).toEqual([
      'http://h/v/master.m3u8', 'http://h/v/v-abc/media_1.m3u8', 'http://h/v/v-abc/media_0.m3u8',
      'http://h/v/v-abc/init-stream0.m4s', 'http://h/v/v-abc/chunk-stream0-00001.m4s',
    ]);
    expect(p.warmed).toEqual(['http://h/v/master.m3u8']);

    calls.length = 0;
    const tight = new Prefetcher({ k: 1, fetch, segments: 2, budgetBytes: 2500 });
    tight.update(['http://h/w/master.m3u8']);
    await new Promise((r) => setTimeout(r, 80));
    expect(calls.filter((u) => u.endsWith('.m4s')).length).toBe(2); // ~0.9 KB of playlists + 2 × 1000 bytes passes 2500: the third segment is not fetched
  });
});
