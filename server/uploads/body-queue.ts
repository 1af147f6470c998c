/** Thrown by a BodyQueue's iterator when the request body ended before its last chunk. */
export class BodyAbortedError extends Error {
  override name = 'BodyAbortedError';
}

/** The transport's flow control: stop and restart reading from the socket. */
export interface FlowControl {
  pause(): void;
  resume(): void;
}

/**
 * Turns pushed request-body chunks (uWS `onData`) into an async iterable a
 * consumer can `for await` at disk speed. Memory stays bounded: above
 * `highWaterMark` queued bytes the socket is paused, and it resumes once the
 * consumer has drained the queue below half of that.
 */
export class BodyQueue implements AsyncIterable<Uint8Array> {
  private readonly chunks: Uint8Array[] = [];
  private queued = 0;
  private ended = false;
  private failure: Error | undefined;
  private paused = false;
  private wake: (() => void) | undefined;
  private iterating = false;

  constructor(
    private readonly flow: FlowControl,
    private readonly highWaterMark = 4 * 1024 * 1024,
  ) {}

  /** Bytes received and not yet consumed. */
  get bytesQueued(): number {
    return this.queued;
  }

  /** True once the last chunk has arrived (it may not be consumed yet). */
  get complete(): boolean {
    return this.ended;
  }

  /** Adds a chunk. The caller must pass a copy: uWS reuses the memory of `onData` chunks after the callback. */
  push(chunk: Uint8Array, isLast: boolean): void {
    if (this.ended || this.failure) return;
    if (chunk.byteLength > 0) {
      this.chunks.push(chunk);
      this.queued += chunk.byteLength;
    }
    if (isLast) {
      this.ended = true;
      // Hazard: a paused socket stays paused; after the last chunk nothing
      // else would resume it, and a keep-alive connection would hang.
      if (this.paused) {
        this.paused = false;
        this.flow.resume();
      }
    } else if (!this.paused && this.queued >= this.highWaterMark) {
      this.paused = true;
      this.flow.pause();
    }
    this.notify();
  }

  /**
   * Ends the body early (client went away). Chunks already received are still
   * yielded (they were sent, so tus keeps them); then reads throw BodyAbortedError.
   */
  abort(): void {
    if (this.ended || this.failure) return;
    this.failure = new BodyAbortedError('request body aborted before its end');
    this.notify();
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.iterating) throw new Error('a BodyQueue can be iterated only once');
    this.iterating = true;
    return { next: () => this.next() };
  }

  private async next(): Promise<IteratorResult<Uint8Array>> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) {
        this.queued -= chunk.byteLength;
        if (this.paused && this.queued <= this.highWaterMark / 2) {
          this.paused = false;
          this.flow.resume();
        }
        return { value: chunk, done: false };
      }
      if (this.failure) throw this.failure;
      if (this.ended) return { value: undefined, done: true };
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
