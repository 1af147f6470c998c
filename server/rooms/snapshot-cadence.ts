/**
 * When a room's owner writes a snapshot: after `every` logged inputs, at most
 * once per `minIntervalMs`, and never while the previous one is still being
 * written. A snapshot encodes the whole story and state; under a vote storm a
 * count-only cadence would encode it dozens of times a second.
 */
export class SnapshotCadence {
  private loggedSince = 0;
  private lastAt = Number.NEGATIVE_INFINITY;
  private writing = false;

  constructor(
    private readonly every: number,
    private readonly minIntervalMs: number,
  ) {}

  /** Counts one logged input; true when its record should carry a snapshot (one is then being written until `written()`). */
  next(now: number): boolean {
    this.loggedSince += 1;
    if (this.loggedSince < this.every || now - this.lastAt < this.minIntervalMs || this.writing) return false;
    this.loggedSince = 0;
    this.lastAt = now;
    this.writing = true;
    return true;
  }

  /** The snapshot `next()` asked for is written, or given up. */
  written(): void {
    this.writing = false;
  }
}
