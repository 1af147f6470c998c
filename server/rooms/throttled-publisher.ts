/**
 * Runs `publish` at most once per `intervalMs`, after `ready()` settles, for
 * bursts of `request()` calls: the live tally (10/s) and heatmap (4/s).
 *
 * The interval is measured between actual publishes: the next one is not even
 * scheduled until the previous one went out, so a slow `ready()` (an fsync)
 * can never squeeze two publishes closer together than the interval.
 */
export class ThrottledPublisher {
  private busy = false;
  private requested = false;
  private lastAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly ready: () => Promise<unknown>,
    private readonly publish: () => void,
  ) {}

  request(): void {
    if (this.stopped) return;
    if (this.busy) {
      this.requested = true;
      return;
    }
    this.busy = true;
    this.requested = false;
    const wait = Math.max(0, this.lastAt + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.ready().then(
        () => this.done(true),
        () => this.done(false),
      );
    }, wait);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private done(ok: boolean): void {
    if (this.stopped) return;
    if (ok) this.publish();
    this.lastAt = this.now();
    this.busy = false;
    if (this.requested) this.request();
  }
}
