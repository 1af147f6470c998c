/**
 * Counts responses that are still being produced, so shutdown can stop
 * accepting connections and then wait for these to finish.
 */
export class InFlightRequests {
  private count = 0;
  private waiters: Array<() => void> = [];

  /** Marks one response as started; call the returned function once it ends or aborts (extra calls are no-ops). */
  begin(): () => void {
    this.count += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.count -= 1;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    };
  }

  /** How many responses are in flight. */
  get size(): number {
    return this.count;
  }

  /** Resolves true once none are in flight, or false when `timeoutMs` passes first. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      const wake = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(wake);
    });
  }
}
