import { describe, expect, it } from 'vitest';
import { isVersionName, newVersionName, rebaseMaster, rebaseMediaPlaylist, referencedVersions } from './package-version.ts';

const V = 'v-mj3k2a1b-4f0c2e';

describe('version folders', () => {
  it('names versions uniquely and recognises them', () => {
    const a = newVersionName(1_700_000_000_000);
    expect(isVersionName(a)).toBe(true);
    expect(a).not.toBe(newVersionName(1_700_000_000_000));
    expect(isVersionName('v-../x')).toBe(false);
  });

  it('finds the versions a manifest points into', () => {
    const mpd = `<SegmentTemplate initialization="${V}/init-stream$RepresentationID$.m4s" media="${V}/chunk.m4s"/>`;
    expect([...referencedVersions(mpd)]).toEqual([V]);
    expect([...referencedVersions(`#EXTM3U\n${V}/media_0.m3u8\n`)]).toEqual([V]);
    expect(referencedVersions('<SegmentTemplate media="chunk-stream0-$Number$.m4s"/>').size).toBe(0);
  });

  it('rebases media playlists into the version folder and the master onto them', () => {
    const media = `#EXTM3U\n#EXT-X-MAP:URI="${V}/init-stream0.m4s"\n#EXTINF:2.000000,\n${V}/chunk-stream0-00001.m4s\n#EXT-X-ENDLIST\n`;
    expect(rebaseMediaPlaylist(media, V)).toBe('#EXTM3U\n#EXT-X-MAP:URI="init-stream0.m4s"\n#EXTINF:2.000000,\nchunk-stream0-00001.m4s\n#EXT-X-ENDLIST\n');
    const master = '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",URI="media_1.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nmedia_0.m3u8\n';
    expect(rebaseMaster(master, V, ['media_0.m3u8', 'media_1.m3u8'])).toBe(
      `#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",URI="${V}/media_1.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=1\n${V}/media_0.m3u8\n`,
    );
  });
});
