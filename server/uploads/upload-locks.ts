/**
 * In-process, non-blocking locks per upload id. One server process owns a data
 * directory, so process memory is the right scope; a restart frees every lock,
 * which is exactly when in-flight requests died too.
 */
export class UploadLocks {
  private readonly held = new Set<string>();

  /** Takes the lock if it is free. Synchronous, so check-and-take can't interleave with another request. */
  tryAcquire(id: string): boolean {
    if (this.held.has(id)) return false;
    this.held.add(id);
    return true;
  }

  release(id: string): void {
    this.held.delete(id);
  }

  isHeld(id: string): boolean {
    return this.held.has(id);
  }
}
