import { decodeLogEntry, decodeSnapshot, foldEntry, foldSnapshot, type FoldOptions, type RoomEvent, type RoomFold } from '../../engine/index.ts';
import type { RoomStore } from '../store/room-store.ts';
import type { RoomBroadcaster } from './room-broadcaster.ts';
import { RoomFailedError, type LiveRoomDeps } from './room-deps.ts';

const SKIP_VOTES: FoldOptions = { skipVotes: true };

/** A room folded from its latest snapshot plus the log after it. */
export interface RebuiltRoom {
  fold: RoomFold;
  /** The seq of the last record folded. */
  lastSeq: number;
}

/**
 * Rebuilds a room from the store: the latest snapshot, then every record
 * after it. `replayed` hears the events of each replayed input (for the
 * resume window and the comment index; nothing is sent). With `skipVotes`
 * it is a follower's fold: no vote book (the snapshot's is dropped too).
 */
export async function rebuildRoom(store: RoomStore, id: string, replayed: (events: readonly RoomEvent[]) => void, options: FoldOptions = {}): Promise<RebuiltRoom> {
  const snapshot = await store.latestSnapshot(id);
  let fold = snapshot ? foldSnapshot(decodeSnapshot(snapshot.data)) : undefined;
  let lastSeq = snapshot?.seq ?? 0;
  if (fold && options.skipVotes) fold.state.votes = {};
  for await (const record of store.read(id, lastSeq)) {
    lastSeq = record.seq;
    const entry = decodeLogEntry(record.data);
    const folded = foldEntry(fold, entry, options);
    fold = folded.fold;
    if (entry.k === 'create' && options.skipVotes && fold) fold.state.votes = {};
    if (folded.step) replayed(folded.step.events);
  }
  if (!fold) throw new RoomFailedError(`room ${id}: log has no create record`);
  return { fold, lastSeq };
}

/**
 * A replica of a room another node owns (cluster mode): it folds the owner's
 * durable records strictly in seq order (the room core is deterministic, so
 * it derives the very same events) and hands their events to the
 * broadcaster for this node's sockets. A gap (a missed message) is filled
 * from the store, so a replica never skips or reorders an input.
 *
 * It folds without votes (FoldOptions.skipVotes): a vote record is only its
 * time (the cues due by then fire), a vote choice closes as the owner logged
 * its decision, and viewers see the owner's tally (RoomBroadcaster.relayTally).
 * So its state is the owner's at the same record with an empty vote book,
 * and its cost grows with the room's other records and its own viewers, not
 * with the room's votes. Before it serves as the owner, `foldVotes` reads the
 * log again with votes (promotion).
 */
export class RoomReplica {
  private lastSeq: number;
  /** The highest record seq heard of (this replica may not have it yet). */
  private highestSeen = 0;
  private catchingUp: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: Pick<LiveRoomDeps, 'store' | 'log'>,
    private readonly fold: RoomFold,
    private readonly broadcaster: RoomBroadcaster,
    lastSeq: number,
  ) {
    this.lastSeq = lastSeq;
  }

  private get id(): string {
    return this.fold.state.room;
  }

  /** The catch-up from the store under way, if any (it may reject). */
  get caughtUp(): Promise<void> | undefined {
    return this.catchingUp;
  }

  /** Hears of a durable record (the owner's records channel). */
  receive(seq: number, data: Uint8Array): void {
    if (this.stopped) return;
    this.highestSeen = Math.max(this.highestSeen, seq);
    if (seq === this.lastSeq + 1 && !this.catchingUp) this.applyRecord(seq, data);
    else if (seq > this.lastSeq + 1) void this.catchUp().catch((cause: unknown) => this.deps.log.warn({ err: cause }, 'catching up from the store failed'));
  }

  /** Reads the store to its end: after a subscription that may have dropped records, and before a promotion. */
  async resync(): Promise<void> {
    if (this.stopped) return;
    await this.catchingUp?.catch(() => undefined);
    for await (const record of this.deps.store.read(this.id, this.lastSeq)) this.applyRecord(record.seq, record.data);
  }

  /**
   * Before serving as the owner (this node holds the lease: nobody appends):
   * the log to its end, then the same state with votes, folded in full from
   * snapshot plus stream, put in place of the vote-less one.
   */
  async foldVotes(): Promise<void> {
    await this.resync();
    const { fold, lastSeq } = await rebuildRoom(this.deps.store, this.id, () => undefined);
    if (lastSeq !== this.lastSeq || fold.state.version !== this.fold.state.version) {
      throw new RoomFailedError(`room ${this.id}: the log moved while this node held the lease (seq ${this.lastSeq} → ${lastSeq})`);
    }
    Object.assign(this.fold.state, fold.state);
  }

  stop(): void {
    this.stopped = true;
  }

  /** Reads every record after the last one folded, until nothing newer is known. */
  private catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      for (let round = 0; round < 100; round++) {
        for await (const record of this.deps.store.read(this.id, this.lastSeq)) this.applyRecord(record.seq, record.data);
        if (this.highestSeen <= this.lastSeq) return;
      }
    })().finally(() => {
      this.catchingUp = undefined;
    });
    return this.catchingUp;
  }

  private applyRecord(seq: number, data: Uint8Array): void {
    if (seq !== this.lastSeq + 1) return;
    this.lastSeq = seq;
    const entry = decodeLogEntry(data);
    if (entry.k !== 'input') return;
    const { step } = foldEntry(this.fold, entry, SKIP_VOTES);
    if (!step) return;
    this.broadcaster.durable(step.events, this.fold.state.version);
    this.broadcaster.requestLiveFrames(entry.input, step);
  }
}
