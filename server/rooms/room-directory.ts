import type { Story } from '../../engine/index.ts';
import type { LiveRoom } from './live-room.ts';
import type { LogEntry } from './log-entry.ts';

/**
 * The rooms a server can reach: `RoomRegistry` on one machine, `ClusterRooms`
 * when nodes share Redis (there a room may be owned elsewhere and followed here).
 */
export interface RoomDirectory {
  /** The room if this node holds it right now (as owner or follower). */
  get(id: string): LiveRoom | undefined;
  /** The room, following it from the cluster first if need be; undefined when it does not exist. */
  open(id: string): Promise<LiveRoom | undefined>;
  /** A new room, owned by this node. */
  create(story: Story): Promise<LiveRoom>;
  list(): LiveRoom[];
  readonly size: number;
  /** The room's whole durable log, oldest first, streamed from the store. */
  readLog(id: string): AsyncIterable<LogEntry>;
  /** Closes a room for good; false when there is no such room. */
  close(id: string): Promise<boolean>;
  shutdown(): Promise<void>;
}
