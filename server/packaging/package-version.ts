/**
 * Content-versioned segment folders. Segments are served `immutable` for a
 * year, so a re-package must never put new bytes under an old URL: every run
 * writes its segments (and HLS media playlists) into a fresh `v-…` folder
 * inside the node's folder, and only the manifests at the stable paths
 * (`manifest.mpd`, `master.m3u8`) change. Pure helpers plus one file rewrite.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** HLS master playlist name. ffmpeg 4.1's dash muxer has no `-hls_master_name`, so it is fixed. */
export const HLS_MASTER_NAME = 'master.m3u8';

/** A version folder name: `v-` + base-36 milliseconds + random, so names sort by creation and never repeat. */
export function newVersionName(now: number = Date.now()): string {
  return `v-${now.toString(36)}-${randomBytes(3).toString('hex')}`;
}

const VERSION_NAME = /^v-[0-9a-z]+-[0-9a-f]+$/;

export function isVersionName(name: string): boolean {
  return VERSION_NAME.test(name);
}

/** Version folders a manifest or playlist text points into (`v-…/` prefixes of its URLs). */
export function referencedVersions(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:^|["'\s/>])(v-[0-9a-z]+-[0-9a-f]+)\//gm)) found.add(match[1]!);
  return found;
}

/**
 * ffmpeg's dash muxer writes its HLS media playlists (`media_N.m3u8`) next to
 * the master, at fixed names. Left there they would be rewritten in place by
 * the next run, so a client could pair a new video playlist with an old audio
 * one. Moved into the version folder (URIs rebased to it), the master is the
 * one file that switches: each master names one consistent set.
 */
export async function moveMediaPlaylists(stagingDir: string, version: string): Promise<string[]> {
  const moved: string[] = [];
  for (const name of await readdir(stagingDir)) {
    if (!/^media_\d+\.m3u8$/.test(name)) continue;
    const text = await readFile(join(stagingDir, name), 'utf8');
    await writeFile(join(stagingDir, version, name), rebaseMediaPlaylist(text, version));
    await unlink(join(stagingDir, name));
    moved.push(name);
  }
  const masterPath = join(stagingDir, HLS_MASTER_NAME);
  const master = await readFile(masterPath, 'utf8').catch(() => undefined);
  if (master !== undefined) await writeFile(masterPath, rebaseMaster(master, version, moved));
  return moved;
}

/** Segment and init URIs written as `v-X/…` become relative to the playlist now inside `v-X/`. */
export function rebaseMediaPlaylist(text: string, version: string): string {
  const prefix = `${version}/`;
  return text
    .split('\n')
    .map((line) => (line.startsWith(prefix) ? line.slice(prefix.length) : line.split(`URI="${prefix}`).join('URI="')))
    .join('\n');
}

/** References to the moved media playlists (a URI line, or `URI="…"` in EXT-X-MEDIA) gain the version folder. */
export function rebaseMaster(text: string, version: string, moved: readonly string[]): string {
  return text
    .split('\n')
    .map((line) => {
      if (moved.includes(line.trim())) return `${version}/${line.trim()}`;
      return line.replace(/URI="(media_\d+\.m3u8)"/g, (whole, name: string) => (moved.includes(name) ? `URI="${version}/${name}"` : whole));
    })
    .join('\n');
}
