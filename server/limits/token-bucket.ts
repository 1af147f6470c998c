/** A per-connection rate limiter: `capacity` tokens, refilled at `perSecond`. Time is passed in. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly capacity: number, private readonly perSecond: number, now: number) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Whether it would be full at `now`: then it holds nothing a fresh bucket would not, and may be dropped. */
  isFullAt(now: number): boolean {
    return this.tokens + ((now - this.last) / 1000) * this.perSecond >= this.capacity;
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
