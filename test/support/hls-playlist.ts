/**
 * Just enough of an HLS (RFC 8216) playlist parser for the packaging tests:
 * a master's variant and rendition URIs, a media playlist's init segment and
 * segments with their durations. Throws on what a player would reject.
 */

export interface MasterPlaylist {
  /** URIs after each EXT-X-STREAM-INF. */
  variants: string[];
  /** URI="…" of each EXT-X-MEDIA (alternative renditions, e.g. audio). */
  media: string[];
  /** CODECS of the first variant. */
  codecs: string;
}

export interface MediaPlaylist {
  /** EXT-X-MAP URI: the fMP4 init segment. */
  map: string;
  segments: Array<{ uri: string; duration: number }>;
}

export function parseMaster(text: string): MasterPlaylist {
  const lines = playlistLines(text);
  const variants: string[] = [];
  const media: string[] = [];
  let codecs = '';
  lines.forEach((line, i) => {
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      codecs ||= /CODECS="([^"]*)"/.exec(line)?.[1] ?? '';
      const uri = lines[i + 1];
      if (uri === undefined || uri.startsWith('#')) throw new Error(`EXT-X-STREAM-INF without a URI at line ${i + 1}`);
      variants.push(uri);
    }
    if (line.startsWith('#EXT-X-MEDIA:')) {
      const uri = /URI="([^"]*)"/.exec(line)?.[1];
      if (uri) media.push(uri);
    }
  });
  return { variants, media, codecs };
}

export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = playlistLines(text);
  if (!lines.includes('#EXT-X-ENDLIST')) throw new Error('not a finished (VOD) playlist');
  const map = lines.map((l) => /^#EXT-X-MAP:URI="([^"]*)"/.exec(l)?.[1]).find((u) => u !== undefined);
  if (map === undefined) throw new Error('no EXT-X-MAP');
  const segments: MediaPlaylist['segments'] = [];
  let duration: number | undefined;
  for (const line of lines) {
    const extinf = /^#EXTINF:([\d.]+)/.exec(line);
    if (extinf) duration = Number(extinf[1]);
    else if (!line.startsWith('#')) {
      if (duration === undefined) throw new Error(`segment ${line} without EXTINF`);
      segments.push({ uri: line, duration });
      duration = undefined;
    }
  }
  return { map, segments };
}

function playlistLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines[0] !== '#EXTM3U') throw new Error('not an HLS playlist: no #EXTM3U');
  return lines;
}
