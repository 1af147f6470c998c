import type { CommandActor, CommandResult, RoomCommand } from '../../engine/index.ts';
import type { LiveRoom } from '../rooms/live-room.ts';
import type { RoomCommands } from '../rooms/room-directory.ts';
import type { BusReply, BusRequest, ForwardedVote } from './bus-message.ts';
import type { NodeBus } from './node-bus.ts';

/** The node asked answered that it does not own the room (any more): ask Redis who does, and retry there. */
export class NotOwnerError extends Error {
  override name = 'NotOwnerError';
}

/**
 * A room owned by another node, as seen from this one: the owner's calls,
 * each one request over the node bus to one node. One attempt only: it
 * rejects when that node does not answer in time (BusTimeoutError) or no
 * longer owns the room (NotOwnerError); the router retries with whoever owns
 * the room then. The owning node's end is `answerForOwner` below.
 */
export class RemoteRoom implements RoomCommands {
  constructor(
    private readonly bus: NodeBus,
    /** The node holding the room's lease when this route was chosen. */
    readonly node: string,
    private readonly room: string,
    private readonly timeoutMs: number,
  ) {}

  command(actor: CommandActor, id: string, command: RoomCommand): Promise<CommandResult> {
    return this.ask({ k: 'cmd', room: this.room, actor, id, cmd: command }, (reply) => ('result' in reply ? reply.result : null));
  }

  voteBatch(votes: ForwardedVote[]): Promise<CommandResult[]> {
    return this.ask({ k: 'votes', room: this.room, votes }, (reply) => ('results' in reply ? reply.results : null));
  }

  /** Fire and forget: analytics only, a presence lost in a failover is not worth a retry. */
  presence(actor: CommandActor, action: 'join' | 'leave'): void {
    this.bus.presence(this.node, { k: 'presence', room: this.room, actor, action });
  }

  async close(): Promise<void> {
    await this.ask({ k: 'close', room: this.room }, (reply) => ('result' in reply ? true : null));
  }

  /** `read` takes the value out of the owner's reply (null: not the kind of reply this request gets). */
  private async ask<T>(request: BusRequest, read: (reply: BusReply) => T | null): Promise<T> {
    const reply = await this.bus.request(this.node, request, this.timeoutMs);
    if ('error' in reply) throw new Error(reply.error);
    if ('notOwner' in reply) throw new NotOwnerError(`node ${this.node} no longer owns it`);
    const value = read(reply);
    if (value === null) throw new Error(`node ${this.node} answered a '${request.k}' request with the wrong kind of reply`);
    return value;
  }
}

/**
 * The owning node's end of a RemoteRoom call: the answer to one request, as
 * the reply to send back. Commands and votes go through `route` (the owned
 * room within each subject's budget), a close to the room itself.
 */
export function answerForOwner(room: LiveRoom, route: RoomCommands, request: BusRequest & { corr: number }, closeOwned: (room: LiveRoom) => Promise<void>): Promise<BusReply> {
  const corr = request.corr;
  switch (request.k) {
    case 'cmd':
      return route.command(request.actor, request.id, request.cmd).then((result) => ({ k: 'reply', corr, result }));
    case 'votes':
      return route.voteBatch(request.votes).then((results) => ({ k: 'reply', corr, results }));
    case 'close':
      return closeOwned(room).then(() => ({ k: 'reply', corr, result: { ok: true, version: room.version } }));
  }
}
