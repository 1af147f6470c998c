import type { CommandActor, CommandResult, RoomCommand, Story } from '../../engine/index.ts';
import type { LiveRoom } from './live-room.ts';
import type { LogEntry } from '../../engine/index.ts';

/**
 * What only a room's owner may do, wherever the owner runs. On one machine it
 * is the room itself; in a cluster `room(id)` hands back either the room this
 * node owns or a proxy that sends each call to the owning node (and follows
 * the room through a failover). A `LiveRoom` owner is one, as it stands.
 */
export interface RoomCommands {
  /** Resolves with the command's result once it is durable (a refusal resolves at once). */
  command(actor: CommandActor, id: string, command: RoomCommand): Promise<CommandResult>;
  /** A batch of viewers' votes, one logged record; one result per vote, in order. */
  voteBatch(votes: Array<[sub: string, id: string, option: string]>): Promise<CommandResult[]>;
  /** A connection joined or left (analytics only: never retried). */
  presence(actor: CommandActor, action: 'join' | 'leave'): void;
  /** Closes the room for good. */
  close(): Promise<void>;
}

/**
 * The rooms a server can reach: `RoomRegistry` on one machine, `ClusterRooms`
 * when nodes share Redis (there a room may be owned elsewhere and followed here).
 * Reads (snapshots, events, comments) go to the copy `open` returns; what
 * changes a room goes to `room(id)`, the route to its owner.
 */
export interface RoomDirectory {
  /** The room if this node holds it right now (as owner or follower). */
  get(id: string): LiveRoom | undefined;
  /** The room, following it from the cluster first if need be; undefined when it does not exist. */
  open(id: string): Promise<LiveRoom | undefined>;
  /** The route to the room's owner: local or remote, the same calls; undefined when the room does not exist. */
  room(id: string): Promise<RoomCommands | undefined>;
  /**
   * One machine only: a room written into the store behind the directory's back
   * (a backup import into the data directory) starts running here. Cluster nodes
   * need no such call: a room imported into Redis is due, and a sweep takes it.
   */
  adopt?(id: string): Promise<LiveRoom>;
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
