/**
 * A solo run's clock: session time in ms, from performance.now() plus an
 * offset. Resuming a saved run sets the offset so session time carries on
 * from the saved instant, so the timeline formula lands on the saved media
 * position however long the page was closed.
 */
import type { ClockView } from '../controllers/room-view.ts';

export class SoloClock implements ClockView {
  readonly ready = true;
  readonly uncertainty = 0;
  readonly rtt = 0;
  readonly samples = 0;
  #offset: number;

  constructor(private readonly local: () => number = () => performance.now(), start = 0) {
    this.#offset = start - local();
  }

  /** Session time (ms) relative to the page's own clock, like a server clock offset. */
  get offset(): number { return this.#offset; }

  serverNow(): number {
    return this.local() + this.#offset;
  }

  /** Makes session time read `t` now (resume). */
  continueFrom(t: number): void {
    this.#offset = t - this.local();
  }
}
