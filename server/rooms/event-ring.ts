import type { RoomEvent } from '../../engine/index.ts';

/**
 * The last N versioned events of a room, so a reconnecting client that names
 * its last version gets exactly what it missed (or learns it must resync).
 */
export class EventRing {
  private readonly events: RoomEvent[] = [];

  constructor(private readonly capacity: number) {}

  push(events: readonly RoomEvent[]): void {
    for (const e of events) if (e.type === 'comment-removed') this.forget(e.id);
    this.events.push(...events);
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity);
  }

  /**
   * A removed comment's event becomes a removal at its own version, so a
   * client resuming from before it never receives the text (versions stay
   * contiguous; a second removal of one id is harmless to clients).
   */
  private forget(comment: string): void {
    const i = this.events.findIndex((e) => e.type === 'comment' && e.id === comment);
    const original = this.events[i];
    if (original) this.events[i] = { type: 'comment-removed', version: original.version, id: comment };
  }

  /**
   * Events with version > `since`, up to `current`; undefined when some of
   * them are no longer held (the caller sends a snapshot instead).
   */
  since(since: number, current: number): RoomEvent[] | undefined {
    if (since === current) return [];
    if (since > current) return undefined;
    const first = this.events[0];
    if (!first || first.version > since + 1) return undefined;
    const out = this.events.filter((e) => e.version > since && e.version <= current);
    return out.length === current - since ? out : undefined;
  }
}
