import type { RoomEvent } from '../../engine/index.ts';

/**
 * The last N versioned events of a room, so a reconnecting client that names
 * its last version gets exactly what it missed (or learns it must resync).
 */
export class EventRing {
  private readonly events: RoomEvent[] = [];

  constructor(private readonly capacity: number) {}

  push(events: readonly RoomEvent[]): void {
    this.events.push(...events);
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity);
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
