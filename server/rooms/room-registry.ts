import { newRoomId } from '../store/room-id.ts';
import { decodeLogEntry, type LogEntry, type Story } from '../../engine/index.ts';
import type { RoomStore } from '../store/room-store.ts';
import type { RoomCommands, RoomDirectory } from './room-directory.ts';
import { LiveRoom, type LiveRoomDeps } from './live-room.ts';

/**
 * Every room of a single-machine server, by id. Rooms come from `create` or,
 * at startup, from `recoverAll` (the store's logs). In cluster mode
 * `ClusterRooms` takes its place behind the same `RoomDirectory`.
 */
export class RoomRegistry implements RoomDirectory {
  private readonly rooms = new Map<string, LiveRoom>();
  /** Adoptions under way, so two calls for one id recover it once. */
  private readonly adopting = new Map<string, Promise<LiveRoom>>();

  constructor(private readonly deps: LiveRoomDeps & { store: RoomStore }) {}

  /** Rebuilds every room in the store. A room whose log cannot be read is reported and skipped, never fatal. */
  async recoverAll(): Promise<{ recovered: number; failed: string[] }> {
    const failed: string[] = [];
    for (const id of await this.deps.store.listRooms()) {
      try {
        this.rooms.set(id, await LiveRoom.recover(this.deps, id));
      } catch (cause) {
        failed.push(id);
        this.deps.log.error({ room: id, err: cause }, 'room recovery failed; the room is left offline');
      }
    }
    return { recovered: this.rooms.size, failed };
  }

  /** Recovers a room that an import wrote into the store while the server runs (once; an id held already is returned). */
  adopt(id: string): Promise<LiveRoom> {
    const held = this.rooms.get(id);
    if (held) return Promise.resolve(held);
    let pending = this.adopting.get(id);
    if (!pending) {
      pending = LiveRoom.recover(this.deps, id)
        .then((room) => (this.rooms.set(id, room), room))
        .finally(() => this.adopting.delete(id));
      this.adopting.set(id, pending);
    }
    return pending;
  }

  async create(story: Story): Promise<LiveRoom> {
    const id = newRoomId();
    const room = await LiveRoom.create(this.deps, story, id);
    this.rooms.set(id, room);
    return room;
  }

  get(id: string): LiveRoom | undefined {
    return this.rooms.get(id);
  }

  open(id: string): Promise<LiveRoom | undefined> {
    return Promise.resolve(this.rooms.get(id));
  }

  /** One machine owns every room: the route is always the room itself. */
  room(id: string): Promise<RoomCommands | undefined> {
    return Promise.resolve(this.rooms.get(id));
  }

  list(): LiveRoom[] {
    return [...this.rooms.values()];
  }

  get size(): number {
    return this.rooms.size;
  }

  /**
   * The room's whole durable log, oldest first (the create entry, then every
   * input), for analytics and exports. Reads from the store, not from memory,
   * so it includes rooms recovered from disk; streams, so long logs stay cheap.
   */
  async *readLog(id: string): AsyncIterable<LogEntry> {
    for await (const record of this.deps.store.read(id, 0)) yield decodeLogEntry(record.data);
  }

  /** Closes a room: it stays in the log (analytics), but accepts nothing more. */
  async close(id: string): Promise<boolean> {
    const room = this.rooms.get(id);
    if (!room) return false;
    await room.close();
    return true;
  }

  /** Waits for every room's pending appends, then stops their timers. */
  async shutdown(): Promise<void> {
    await Promise.allSettled(this.list().map((r) => r.settled()));
    for (const room of this.rooms.values()) room.dispose();
  }
}
