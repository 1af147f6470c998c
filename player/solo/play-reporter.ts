/**
 * Reports a solo run to the server's story analytics: the run's input log,
 * posted in batches to POST /api/stories/:id/plays as it grows. Batches are
 * indexed (`from`), so a retry or a batch sent twice is stored once; the
 * server answers a gap with 409 and the length it holds, and we resend from
 * there. Failures back off and retry; a server that does not take plays
 * (403: turned off) or refuses them is left alone; a story that changed
 * under a play starts a new one (docs/solo.md). The run never waits on any of this,
 * so solo viewing works offline once the story and media are loaded.
 */
import type { RoomInput } from '../../engine/room/room-types.ts';

export interface PlayReporterDeps {
  /** `${server}/api/stories/${id}/plays` */
  url: string;
  storyVersion: string;
  inputs: () => readonly RoomInput[];
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** At most this many inputs per request. */
const BATCH = 200;
/** Inputs are gathered this long before a post, so a run costs a request every few seconds, not one per tick. */
const GATHER_MS = 2000;
const MAX_BACKOFF_MS = 60_000;

/** A fresh play id: 128 random bits, base64url. */
export function newPlayId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class PlayReporter {
  #play: string;
  #sent = 0;
  #timer: unknown;
  #failures = 0;
  #inFlight = false;
  #off = false;

  constructor(private readonly deps: PlayReporterDeps, play: string = newPlayId()) {
    this.#play = play;
  }

  get play(): string { return this.#play; }
  /** Inputs the server has acknowledged. */
  get sent(): number { return this.#sent; }
  get off(): boolean { return this.#off; }

  /** The log grew: post it soon. */
  poke(): void {
    if (this.#off || this.#timer !== undefined) return;
    this.#timer = this.deps.setTimeout(() => { this.#timer = undefined; void this.#send(false); }, GATHER_MS);
  }

  /** The run was rewound (go back, play again): what follows is a new play, the old one stays as it was. */
  restart(play: string = newPlayId()): void {
    this.#play = play;
    this.#sent = 0;
    this.#failures = 0;
  }

  /** Sends what is pending now; `leaving` uses keepalive so it survives the page closing. */
  flush(leaving = false): void {
    if (this.#timer !== undefined) this.deps.clearTimeout(this.#timer);
    this.#timer = undefined;
    void this.#send(leaving);
  }

  stop(): void {
    if (this.#timer !== undefined) this.deps.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#off = true;
  }

  async #send(leaving: boolean): Promise<void> {
    const inputs = this.deps.inputs();
    if (this.#off || this.#inFlight || this.#sent >= inputs.length) return;
    this.#inFlight = true;
    const play = this.#play;
    const from = this.#sent;
    const batch = inputs.slice(from, from + BATCH);
    try {
      const res = await this.deps.fetch(this.deps.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ play, from, inputs: batch, storyVersion: this.deps.storyVersion }),
        keepalive: leaving,
      });
      if (play !== this.#play) return; // restarted meanwhile: that answer is about the old play
      const { stored, code } = await answerOf(res);
      if (res.ok || code === 'gap') {
        // The server holds more than this log (a resume from an older save): this log is a new play.
        if (stored !== undefined && stored > this.deps.inputs().length) this.restart();
        else this.#sent = Math.max(0, stored ?? from + batch.length);
        this.#failures = 0;
      } else if (code === 'story-version-mismatch' || code === 'story-changed') {
        this.restart(); // the story moved on under this play: what follows is another play (docs/solo.md)
      } else if (res.status >= 400 && res.status < 500) {
        this.#off = true; // turned off (403), no such story (404), refused or over a limit: resending changes nothing
        return;
      } else {
        this.#failures += 1;
      }
    } catch {
      this.#failures += 1; // offline or aborted: retried below
    } finally {
      this.#inFlight = false;
    }
    if (this.#off || leaving) return;
    if (this.#failures > 0) {
      this.#timer = this.deps.setTimeout(() => { this.#timer = undefined; void this.#send(false); }, Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.#failures));
    } else if (this.#sent < this.deps.inputs().length) {
      this.poke();
    }
  }
}

/** `stored` and the error code of an answer: `{stored}` (202) or `{error: {code, stored?}}`. */
async function answerOf(res: Response): Promise<{ stored?: number; code?: string }> {
  try {
    const body: unknown = await res.json();
    if (typeof body !== 'object' || body === null) return {};
    const error = (body as { error?: unknown }).error;
    const from = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : (body as Record<string, unknown>);
    return {
      ...(typeof from.stored === 'number' ? { stored: from.stored } : {}),
      ...(typeof from.code === 'string' ? { code: from.code } : {}),
    };
  } catch {
    return {};
  }
}
