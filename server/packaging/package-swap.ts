/**
 * Re-packaging an existing node folder without ever serving a stale or
 * missing segment. The order is what makes it safe:
 *
 * 1. the new version folder is renamed in (a new name: nothing points at it yet);
 * 2. each manifest at its stable path is replaced by rename (atomic per file),
 *    DASH first, then the HLS master; each one, old or new, names only
 *    segments that exist;
 * 3. what no current manifest needs is removed (caption files aside), except the version the
 *    replaced manifests named: a client that loaded the old manifest a moment
 *    ago finishes playing it. That grace lasts until the next package.
 *
 * A crash between any two steps leaves valid manifests and, at worst, an
 * unreferenced folder that the next run removes in step 3.
 */
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HLS_MASTER_NAME, referencedVersions } from './package-version.ts';

export async function swapVersion(stagingDir: string, outDir: string, version: string): Promise<void> {
  const previous = await manifestVersions(outDir);
  await rename(join(stagingDir, version), join(outDir, version));
  const manifests = (await readdir(stagingDir)).sort(dashFirst);
  for (const name of manifests) await rename(join(stagingDir, name), join(outDir, name));
  await rm(stagingDir, { recursive: true, force: true });

  const keep = new Set<string>([version, ...manifests, ...previous]);
  for (const entry of await readdir(outDir)) {
    // Everything else is an older version, an interrupted run's version, or a
    // flat (pre-versioning) layout's segments: replacing the folder removes it.
    // Caption files (.vtt) are not packaging output: they sit beside the manifests and stay.
    if (!keep.has(entry) && !entry.endsWith('.vtt')) await rm(join(outDir, entry), { recursive: true, force: true });
  }
}

/** Versions the manifests now in `dir` point into (read before they are replaced). */
export async function manifestVersions(dir: string): Promise<Set<string>> {
  const versions = new Set<string>();
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.mpd') && name !== HLS_MASTER_NAME) continue;
    const text = await readFile(join(dir, name), 'utf8').catch(() => '');
    for (const v of referencedVersions(text)) versions.add(v);
  }
  return versions;
}

function dashFirst(a: string, b: string): number {
  return Number(a.endsWith('.m3u8')) - Number(b.endsWith('.m3u8')) || a.localeCompare(b);
}
