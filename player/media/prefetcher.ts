/**
 * While a vote is open, warm the HTTP cache with the start of the likeliest
 * branches (manifest, init segments, first media segments), in live-tally
 * order, at most `k` branches and `budgetBytes` in total. Segments are served
 * `immutable`, so the engine later reads them from cache: the switch does not
 * wait on the network. A branch that drops out of the top k is aborted.
 * A DASH manifest (.mpd) names its segments itself; an HLS master (.m3u8)
 * names media playlists, which are fetched (and counted) to find theirs.
 */
import { firstPlaylistSegmentUrls, isHlsPlaylist, mediaPlaylistUrls } from './m3u8-segments.ts';
import { firstSegmentUrls } from './mpd-segments.ts';

export interface PrefetchOptions {
  /** How many branches to warm (default 2). */
  k?: number;
  /** Total bytes across all branches (default 4 MiB). */
  budgetBytes?: number;
  /** Media segments per representation (default 2: 4 s with 2 s segments). */
  segments?: number;
  fetch: (url: string, init: { signal: AbortSignal }) => Promise<{ ok: boolean; text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> }>;
}

export class Prefetcher {
  readonly #k: number;
  readonly #budget: number;
  readonly #segments: number;
  #spent = 0;
  readonly #running = new Map<string, AbortController>();
  readonly #done = new Set<string>();

  constructor(private readonly opts: PrefetchOptions) {
    this.#k = opts.k ?? 2;
    this.#budget = opts.budgetBytes ?? 4 * 1024 * 1024;
    this.#segments = opts.segments ?? 2;
  }

  /** Bytes fetched so far. */
  get spent(): number { return this.#spent; }
  /** Manifests fully warmed. */
  get warmed(): string[] { return [...this.#done]; }

  /** `manifests` in priority order (most votes first); call again whenever the tally moves. */
  update(manifests: readonly string[]): void {
    const wanted = manifests.slice(0, this.#k);
    for (const [url, ctl] of this.#running) if (!wanted.includes(url)) { ctl.abort(); this.#running.delete(url); }
    for (const url of wanted) if (!this.#running.has(url) && !this.#done.has(url)) void this.#warm(url);
  }

  /** Stops everything (vote closed, element gone). */
  cancel(): void {
    for (const ctl of this.#running.values()) ctl.abort();
    this.#running.clear();
  }

  async #warm(manifest: string): Promise<void> {
    const ctl = new AbortController();
    this.#running.set(manifest, ctl);
    try {
      const text = await this.#text(manifest, ctl.signal);
      if (text === undefined) return;
      const segments = isHlsPlaylist(manifest) ? await this.#hlsSegments(text, manifest, ctl.signal) : firstSegmentUrls(text, manifest, this.#segments);
      for (const url of segments) {
        if (ctl.signal.aborted || this.#spent >= this.#budget) return;
        const seg = await this.opts.fetch(url, { signal: ctl.signal });
        if (!seg.ok) continue;
        this.#spent += (await seg.arrayBuffer()).byteLength;
      }
      this.#done.add(manifest);
    } catch {
      // aborted or offline: prefetch is an optimisation, never an error
    } finally {
      if (this.#running.get(manifest) === ctl) this.#running.delete(manifest);
    }
  }

  /** Every media playlist's init and first segments, fetching the playlists within the budget. */
  async #hlsSegments(master: string, masterUrl: string, signal: AbortSignal): Promise<string[]> {
    const urls: string[] = [];
    for (const playlistUrl of mediaPlaylistUrls(master, masterUrl)) {
      if (signal.aborted || this.#spent >= this.#budget) break;
      const playlist = await this.#text(playlistUrl, signal);
      if (playlist !== undefined) urls.push(...firstPlaylistSegmentUrls(playlist, playlistUrl, this.#segments));
    }
    return [...new Set(urls)];
  }

  async #text(url: string, signal: AbortSignal): Promise<string | undefined> {
    const res = await this.opts.fetch(url, { signal });
    if (!res.ok) return undefined;
    const text = await res.text();
    this.#spent += text.length;
    return text;
  }
}
