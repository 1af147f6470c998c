/**
 * The one timer of a room: it wakes the room exactly when its next cue falls
 * due. Most inputs (votes) leave that instant unchanged, and then the armed
 * timer is kept rather than re-armed.
 */
export class CueTimer {
  private timer: NodeJS.Timeout | undefined;
  /** The instant the timer is armed for. */
  private armedAt: number | undefined;

  constructor(
    private readonly now: () => number,
    private readonly wake: () => void,
    /** A throw in a timer callback would reach the process and stop every room on the node. */
    private readonly contain: (error: unknown) => void,
  ) {}

  /** The instant the next cue falls due, as armed (undefined: none). */
  get at(): number | undefined {
    return this.armedAt;
  }

  /** Arms the timer for `at` (undefined: disarms it). */
  arm(at: number | undefined): void {
    if (at === this.armedAt && (at === undefined) === (this.timer === undefined)) return;
    this.stop();
    this.armedAt = at;
    if (at === undefined) return;
    // +1 ms: a timer firing a hair early would find nothing due and re-arm anyway.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.armedAt = undefined;
      try {
        this.wake();
      } catch (error) {
        this.contain(error);
      }
    }, Math.max(0, at - this.now() + 1));
    this.timer.unref?.();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = undefined;
  }
}
