import type { Redis } from 'ioredis';
import type { CommandActor, CommandResult } from '../../engine/index.ts';
import type { LiveRoom } from '../rooms/live-room.ts';
import type { RoomCommands } from '../rooms/room-directory.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { decodeBusMessage, type BusReply, type BusRequest, type ForwardedVote } from './bus-message.ts';
import type { ClusterHooks } from './cluster-metrics.ts';
import type { HeldRooms } from './held-rooms.ts';
import { BusTimeoutError, NodeBus } from './node-bus.ts';
import { answerForOwner, NotOwnerError, RemoteRoom } from './remote-room.ts';
import { VoteBatcher } from './vote-batcher.ts';
import { SubjectLimits } from './subject-limits.ts';
import type { Logger } from '../log/logger.ts';

export interface RoomRouterOptions {
  held: HeldRooms;
  redis: Redis;
  keys: RedisKeys;
  nodeId: string;
  leaseMs: number;
  /** Who holds the room's lease right now (null while nobody does). */
  ownerOf: (room: string) => Promise<string | null>;
  /** Closes a room this node owns for good (the log, then the lease). */
  closeOwned: (room: LiveRoom) => Promise<void>;
  now: () => number;
  log: Logger;
  /** Vote batches go to remote owners at most this often (default 100 ms). */
  voteIntervalMs?: number;
  /** Each subject's command budget in a room, held by the room's owner across nodes (default 20/s, bursts of twice that). */
  commandsPerSecond?: number;
  hooks?: ClusterHooks;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The routing decision, in front of the room: `room(id)` is the room this
 * node owns, or a proxy with the same calls that sends them to the owning
 * node over the bus and follows the room through a failover. Sockets and
 * API handlers send commands through it, and it serves the other nodes'
 * requests for the rooms owned here.
 */
export class RoomRouter {
  private readonly owners = new Map<string, string>();
  private readonly bus: NodeBus;
  private readonly votes: VoteBatcher;
  private readonly limits: SubjectLimits;
  private stopping = false;

  constructor(private readonly options: RoomRouterOptions) {
    const { redis, keys, nodeId, held } = options;
    this.bus = new NodeBus(redis, keys, nodeId, (request) => this.serve(request), (m) => held.owned(m.room)?.presence(m.actor, m.action));
    // Only followers batch here (an owner coalesces its own viewers' votes in the room): one batch per room per 100 ms.
    const interval = options.voteIntervalMs ?? 100;
    this.votes = new VoteBatcher((room, votes) => this.sendVotes(room, votes), options.now, () => interval);
    const perSecond = options.commandsPerSecond ?? 20;
    this.limits = new SubjectLimits(perSecond, 2 * perSecond, options.now);
  }

  /** This node's inbox channel. */
  get inbox(): string {
    return this.bus.inbox;
  }

  /**
   * The route to a room's owner; undefined when no such room exists. One
   * route serves for a socket's life: each call goes to the room owned here
   * if it is (checked per call, so a promotion or a demotion is followed),
   * else to the owning node, viewers' votes in merged batches.
   */
  async room(id: string): Promise<RoomCommands | undefined> {
    // A room held here (owned or followed) exists: no Redis call (an HTTP command asks for its route each time).
    if (!this.options.held.get(id) && !(await this.options.redis.sismember(this.options.keys.rooms, id))) return undefined;
    return this.routeTo(id);
  }

  /** An inbox frame: replies, requests and presences from other nodes; anything else is dropped and counted. */
  receive(message: Buffer): void {
    const decoded = decodeBusMessage(message);
    if (decoded) this.bus.receive(decoded);
    else this.options.hooks?.badFrame?.('bus');
  }

  /** The room's owner is known (this node took it over). */
  remember(room: string, node: string): void {
    this.owners.set(room, node);
  }

  /** The cached owner is stale (lease lost, takeover failed): ask Redis next time. */
  forget(room: string): void {
    this.owners.delete(room);
  }

  /** Fails every waiting request and vote (shutdown). */
  stop(): void {
    this.stopping = true;
    this.votes.stop();
    this.bus.stop();
  }

  /**
   * One routing decision: the owned room, a proxy to the node holding the
   * lease, or undefined while nobody owns the room (or this node's takeover
   * is still rebuilding it).
   */
  private async route(room: string): Promise<RoomCommands | undefined> {
    const owner = await this.resolveOwner(room).catch(() => null);
    if (owner === null) return undefined;
    if (owner !== this.options.nodeId) return new RemoteRoom(this.bus, owner, room, Math.max(1000, this.options.leaseMs));
    const mine = this.options.held.owned(room);
    if (mine) return this.local(mine);
    this.owners.delete(room); // the lease is ours but the takeover is still rebuilding the room
    return undefined;
  }

  /** The owner wherever it is at each call: re-routed per attempt, so it follows the room through a failover. */
  private proxy(room: string): RoomCommands {
    return {
      command: (actor, id, command) => this.toOwner(room, 'cmd', (owner) => owner.command(actor, id, command)),
      voteBatch: (votes) => this.toOwner(room, 'votes', (owner) => owner.voteBatch(votes)),
      presence: (actor, action) => void this.presence(room, actor, action),
      close: () => this.toOwner(room, 'close', (owner) => owner.close()),
    };
  }

  /** A socket's or a handler's route (room()): here when owned here, else as a follower forwards. */
  private routeTo(room: string): RoomCommands {
    const remote = this.proxy(room);
    return {
      command: (actor, id, command) => {
        const mine = this.options.held.owned(room);
        if (mine) return this.local(mine).command(actor, id, command);
        if (command.type === 'vote' && actor.role === 'viewer') return this.votes.add(room, [actor.sub, id, command.option]);
        return remote.command(actor, id, command);
      },
      voteBatch: (votes) => remote.voteBatch(votes),
      presence: (actor, action) => {
        const mine = this.options.held.owned(room);
        if (mine) mine.presence(actor, action);
        else remote.presence(actor, action);
      },
      close: () => remote.close(),
    };
  }

  /**
   * An owned room as a route: the room's own calls within each subject's
   * budget (SubjectLimits), and a close also retires the room's lease.
   */
  private local(room: LiveRoom): RoomCommands {
    return {
      command: (actor, id, command) => (this.limits.take(room.id, actor.sub) ? room.command(actor, id, command) : Promise.resolve(this.limits.refusal)),
      voteBatch: (votes) => this.withinBudget(room, votes),
      presence: (actor, action) => room.presence(actor, action),
      close: () => this.options.closeOwned(room),
    };
  }

  private async resolveOwner(room: string): Promise<string | null> {
    const cached = this.owners.get(room);
    if (cached !== undefined) return cached;
    const owner = await this.options.ownerOf(room);
    if (owner !== null) this.owners.set(room, owner);
    return owner;
  }

  private async presence(room: string, actor: CommandActor, action: 'join' | 'leave'): Promise<void> {
    (await this.route(room))?.presence(actor, action); // analytics only: not worth a retry
  }

  private sendVotes(room: string, votes: ForwardedVote[]): Promise<CommandResult[]> {
    this.options.hooks?.voteBatch?.(votes.length);
    return this.toOwner(room, 'votes', (owner) => owner.voteBatch(votes));
  }

  /**
   * Runs `call` on the room's owner, retrying through a failover: no owner
   * yet, an owner that stopped answering, or one that says it no longer owns
   * the room. If this node becomes the owner meanwhile, `call` runs here (and
   * a local failure is final). Gives up after about three lease times;
   * callers then report the room unavailable, and clients resend the same
   * command id.
   */
  private async toOwner<T>(room: string, kind: BusRequest['k'], call: (owner: RoomCommands) => Promise<T>): Promise<T> {
    const { leaseMs, now, hooks } = this.options;
    const deadline = now() + 3 * leaseMs + 2000;
    const pause = Math.min(250, Math.max(50, Math.floor(leaseMs / 6)));
    let lastProblem = 'no owner';
    let attempts = 0;
    while (!this.stopping && now() < deadline) {
      const owner = await this.route(room);
      if (owner === undefined) {
        await sleep(pause);
        continue;
      }
      if (!(owner instanceof RemoteRoom)) return call(owner);
      try {
        attempts += 1;
        const value = await call(owner);
        hooks?.forwarded?.(kind, attempts > 1 ? 'retried' : 'ok');
        return value;
      } catch (cause) {
        lastProblem = cause instanceof BusTimeoutError || cause instanceof NotOwnerError ? cause.message : String(cause);
      }
      this.owners.delete(room);
      await sleep(pause);
    }
    hooks?.forwarded?.(kind, 'failed');
    throw new Error(`room ${room} is unavailable (${lastProblem})`);
  }

  /**
   * A vote batch within each voter's budget: the votes over it are refused
   * on their own, the others go to the room as one batch, and the answers
   * come back in the batch's order.
   */
  private async withinBudget(room: LiveRoom, votes: ForwardedVote[]): Promise<CommandResult[]> {
    const allowed = votes.map(([sub]) => this.limits.take(room.id, sub));
    if (allowed.every(Boolean)) return room.voteBatch(votes);
    const answers = await room.voteBatch(votes.filter((_, i) => allowed[i]));
    let next = 0;
    return allowed.map((ok) => (ok ? (answers[next++] ?? { ok: false, code: 'bad-state', message: 'no result' }) : this.limits.refusal));
  }

  /** Another node's request for a room this node should own: answered by the room within each subject's budget, or "not the owner". */
  private serve(request: BusRequest & { from: string; corr: number }): void {
    const owned = this.options.held.owned(request.room);
    const room = owned && this.local(owned);
    const work = owned && room ? answerForOwner(owned, room, request, this.options.closeOwned) : Promise.resolve<BusReply>({ k: 'reply', corr: request.corr, notOwner: true });
    // A failure here (the log failed: lease lost) is no answer at all: the asker retries with the new owner.
    work.then((reply) => this.bus.reply(request.from, reply), (cause: unknown) => this.options.log.warn({ room: request.room, from: request.from, err: cause }, 'a request from another node failed'));
  }
}
