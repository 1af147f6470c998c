/**
 * What to warm for an HLS branch (issue 17): a master playlist names media
 * playlists (variants after EXT-X-STREAM-INF, renditions in EXT-X-MEDIA
 * URI="…"); a media playlist names its init segment (EXT-X-MAP URI="…") and
 * its segments (the URI line after each EXTINF). URIs are relative to the
 * playlist that names them. Pure text, so it runs in Node tests.
 */

export function isHlsPlaylist(url: string): boolean {
  return /\.m3u8(?:[?#]|$)/.test(url);
}

/** The media playlists a master names, variants first, as absolute URLs. */
export function mediaPlaylistUrls(master: string, masterUrl: string): string[] {
  const lines = playlistLines(master);
  const urls: string[] = [];
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    if (line.startsWith('#EXT-X-STREAM-INF:') && next && !next.startsWith('#')) urls.push(next);
    if (line.startsWith('#EXT-X-MEDIA:')) {
      const uri = quotedAttr(line, 'URI');
      if (uri) urls.push(uri);
    }
  });
  return [...new Set(urls.map((u) => resolve(u, masterUrl)))];
}

/** A media playlist's init segment and its first `count` segments, as absolute URLs. */
export function firstPlaylistSegmentUrls(playlist: string, playlistUrl: string, count = 1): string[] {
  const urls: string[] = [];
  let segments = 0;
  let afterInf = false;
  for (const line of playlistLines(playlist)) {
    if (line.startsWith('#EXT-X-MAP:')) {
      const uri = quotedAttr(line, 'URI');
      if (uri) urls.push(uri);
    } else if (line.startsWith('#EXTINF:')) {
      afterInf = true;
    } else if (afterInf && !line.startsWith('#')) {
      if (segments >= count) break;
      urls.push(line);
      segments++;
      afterInf = false;
    }
  }
  return [...new Set(urls.map((u) => resolve(u, playlistUrl)))];
}

function playlistLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

function quotedAttr(line: string, name: string): string | undefined {
  return new RegExp(`[:,]${name}="([^"]*)"`).exec(line)?.[1];
}

function resolve(uri: string, base: string): string {
  return new URL(uri, base).href;
}
