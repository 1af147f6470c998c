import type { Logger } from '../log/logger.ts';
import type { RoomStore } from '../store/room-store.ts';
import type { LiveRoom } from './live-room.ts';

/** What a live room needs from the server around it. */
export interface LiveRoomDeps {
  store: RoomStore;
  now: () => number;
  /** Sends one encoded frame to every socket in the room (uWS topic publish). */
  publish: (roomId: string, frame: Uint8Array) => void;
  /** The room's lines carry its id: LiveRoom hands its parts a child logger (forRoom). */
  log: Logger;
  /** Observes how long each durable append took (ms), for the fsync histogram. */
  onAppend?: (ms: number) => void;
  /** Live tally broadcasts at most this often (default 100 ms: 10 a second). */
  tallyIntervalMs?: number;
  /** Write a snapshot after this many logged inputs (default 500)… */
  snapshotEvery?: number;
  /**
   * …and at most this often (default 1000 ms). A snapshot encodes the whole
   * story and state; under a vote storm a count-only cadence would encode it
   * dozens of times a second. Recovery replays at most this long a log tail.
   */
  snapshotMinIntervalMs?: number;
  /** Versioned events kept for resume (default 4096). */
  resumeWindow?: number;
  /** Sends one encoded frame to the room's hosts only (the live quiz heatmap). */
  publishHosts?: (roomId: string, frame: Uint8Array) => void;
  /** Issues coupon codes; without it, claims are refused. */
  coupons?: CouponIssuer;
  /** The word-filter hook: may rewrite a comment's text, or refuse it. */
  filterComment?: (text: string) => { ok: true; text: string } | { ok: false; reason: string };
  /** Live heatmap frames at most this often (default 250 ms: 4 a second). */
  heatmapIntervalMs?: number;
  /** Hosts' audience counters (STATS) at most this often (default 1 s). */
  statsIntervalMs?: number;
  /** Cluster mode: the owner's tally, shared with the nodes that follow the room (they fold no votes, see FoldOptions.skipVotes). */
  shareTally?: (roomId: string, tally: { node: string; counts: Record<string, number>; total: number; version: number }) => void;
  /** The room stopped for good after its log failed (in a cluster: it lost its lease); the registry drops it. */
  onFailed?: (room: LiveRoom, cause: unknown) => void;
  /** A `closed` event went out to this node's sockets (owner or follower). */
  onClosed?: (roomId: string) => void;
  /** Counts an exception caught in one of the room's own timers (cue ticks, broadcast flushes); see health/contained-errors.ts. */
  contain?: (error: unknown, roomId: string) => void;
}

/** What a room needs from the coupon campaign ledger. */
export interface CouponIssuer {
  claim(campaign: string, sub: string, limit: number | undefined): Promise<{ ok: true; code: string } | { ok: false; reason: 'sold-out' }>;
}

/** The room's log could not be written: the room stops accepting commands rather than diverge. */
export class RoomFailedError extends Error {
  override name = 'RoomFailedError';
}

/** Reports an exception caught in one of a room's own callbacks (a timer, a flush), so it never reaches the process. */
export function containFor(deps: Pick<LiveRoomDeps, 'contain' | 'log'>, roomId: string): (error: unknown) => void {
  return (error) => {
    if (deps.contain) deps.contain(error, roomId);
    else deps.log.error({ room: roomId, err: error }, 'a room timer failed');
  };
}

/** The same deps with a logger that stamps `room` on each line (one per LiveRoom). */
export function forRoom<D extends Pick<LiveRoomDeps, 'log'>>(deps: D, roomId: string): D {
  return { ...deps, log: deps.log.child({ room: roomId }) };
}
