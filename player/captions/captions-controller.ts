/**
 * Captions for <branchcast-player>: fetches, parses (with the engine's WebVTT
 * reader, the validator's own) and caches each node's track in the viewer's
 * language, and answers which cues show at a media position. Timing comes
 * from the room timeline the element already follows, not from the <video>'s
 * text tracks: the player swaps two video elements at a branch switch and
 * keeps them in sync itself, so a track on either would be the wrong clock.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Captions, Story } from '../../engine/story.ts';
import { activeCues, parseVtt, type VttCue } from '../../engine/webvtt.ts';
import { pickTrack, type CaptionChoice } from './caption-tracks.ts';
import { readSavedChoice, saveChoice } from '../controllers/saved-choice.ts';

/** Where the viewer's language choice is kept across visits (one choice for every story). */
export const CAPTIONS_STORAGE_KEY = 'branchcast.captions';
/** A failed fetch is retried after this long, not on every render. */
const RETRY_MS = 5000;

type Entry = { state: 'loading' } | { state: 'ready'; cues: VttCue[] } | { state: 'failed'; at: number };

export interface CaptionsContext {
  story: Story | null;
  /** Where story media is served, e.g. `https://host/media/`. */
  mediaBase: string;
}

export class CaptionsController implements ReactiveController {
  #choice: CaptionChoice;
  readonly #cache = new Map<string, Entry>();
  #abort = new AbortController();
  readonly #host: ReactiveControllerHost;
  readonly #context: () => CaptionsContext;

  constructor(host: ReactiveControllerHost, context: () => CaptionsContext) {
    this.#host = host;
    this.#context = context;
    host.addController(this);
    this.#choice = readChoice();
  }

  hostConnected(): void {
    this.#abort = new AbortController();
  }

  hostDisconnected(): void {
    this.#abort.abort();
    // Unfinished loads were aborted: forget them so a reconnect fetches again.
    for (const [src, entry] of this.#cache) if (entry.state === 'loading') this.#cache.delete(src);
  }

  /** The viewer's choice: a language tag, 'off', or null (never chose). */
  get choice(): CaptionChoice {
    return this.#choice;
  }

  choose(lang: string): void {
    this.#choice = lang;
    saveChoice(CAPTIONS_STORAGE_KEY, lang);
    this.#host.requestUpdate();
  }

  tracks(node: string): Captions[] {
    return this.#context().story?.nodes[node]?.media.captions ?? [];
  }

  /** The track this node shows for this viewer, if any. */
  track(node: string): Captions | undefined {
    return pickTrack(this.tracks(node), this.#choice, navigator.languages ?? []);
  }

  /** Cues showing at `position` in `node`; none while the file loads (it is fetched on first ask). */
  cuesAt(node: string, position: number): VttCue[] {
    const track = this.track(node);
    if (!track) return [];
    const entry = this.#load(track.src);
    return entry.state === 'ready' ? activeCues(entry.cues, position) : [];
  }

  /** Warms the track of a node about to play (an announced switch), so its first cue is not late. */
  prefetch(node: string): void {
    const track = this.track(node);
    if (track) this.#load(track.src);
  }

  #load(src: string): Entry {
    const cached = this.#cache.get(src);
    if (cached && (cached.state !== 'failed' || performance.now() - cached.at < RETRY_MS)) return cached;
    const entry: Entry = { state: 'loading' };
    this.#cache.set(src, entry);
    void this.#fetch(src);
    return entry;
  }

  async #fetch(src: string): Promise<void> {
    let next: Entry;
    try {
      const res = await fetch(this.#context().mediaBase + src, { signal: this.#abort.signal });
      const parsed = res.ok ? parseVtt(await res.text()) : undefined;
      next = parsed?.ok ? { state: 'ready', cues: parsed.cues } : { state: 'failed', at: performance.now() };
    } catch {
      if (this.#abort.signal.aborted) return;
      next = { state: 'failed', at: performance.now() };
    }
    this.#cache.set(src, next);
    this.#host.requestUpdate();
  }
}

function readChoice(): CaptionChoice {
  return readSavedChoice(CAPTIONS_STORAGE_KEY);
}
