import type { LiveRoom } from '../rooms/live-room.ts';

/**
 * The rooms this node holds, as owner or follower: the one map that
 * ownership (which promotes, rebuilds and gives rooms up), the replica cache
 * (which follows and drops them) and the router (which serves owned ones)
 * share. A room changes role in place (`promote`), so one map, not two.
 */
export class HeldRooms {
  private readonly rooms = new Map<string, LiveRoom>();

  get(id: string): LiveRoom | undefined {
    return this.rooms.get(id);
  }

  /** The room if this node owns it right now. */
  owned(id: string): LiveRoom | undefined {
    const room = this.rooms.get(id);
    return room?.role === 'owner' ? room : undefined;
  }

  set(room: LiveRoom): void {
    this.rooms.set(room.id, room);
  }

  /** Forgets `room`, only if it is still the copy held (a newer one may have replaced it). */
  delete(room: LiveRoom): boolean {
    if (this.rooms.get(room.id) !== room) return false;
    return this.rooms.delete(room.id);
  }

  list(): LiveRoom[] {
    return [...this.rooms.values()];
  }

  withRole(role: 'owner' | 'follower'): LiveRoom[] {
    return this.list().filter((room) => room.role === role);
  }

  get size(): number {
    return this.rooms.size;
  }
}
