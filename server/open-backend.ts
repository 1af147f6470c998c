import { loadWordFilter } from './audience/word-filter.ts';
import { openClusterBackend } from './cluster/cluster-backend.ts';
import type { ClusterRooms } from './cluster/cluster-rooms.ts';
import type { LiveRoomDeps } from './rooms/live-room.ts';
import { openLocalBackend } from './rooms/local-backend.ts';
import type { RoomBackend } from './rooms/room-backend.ts';
import type { ServerContext } from './server-context.ts';
import type { CommitInfo } from './store/segment-log.ts';
import type { TemplatedApp } from './uws.ts';
import { hostTopic, roomTopic } from './ws/room-socket.ts';

/** An open backend; `cluster` is there in cluster mode, for the node's /api/cluster view. */
export interface OpenBackend extends RoomBackend {
  cluster?: ClusterRooms;
}

/** What the backend reports to the rest of the server while it runs. */
export interface BackendHooks {
  /** Every durable commit of a room log (the fsync and batch-size metrics). */
  onCommit(info: CommitInfo): void;
  /** A room closed: end its sockets on this node. */
  onClosed(roomId: string): void;
}

/**
 * Opens the rooms backend the configuration asks for: one machine's data
 * directory (recovering its rooms), or, with `--redis`, a cluster node
 * (docs/scaling.md). Rooms broadcast on `app`'s topics; nothing is mounted.
 */
export async function openBackend(app: TemplatedApp, ctx: ServerContext, hooks: BackendHooks): Promise<OpenBackend> {
  const { config } = ctx;
  const filterComment = config.wordFilterFile === undefined ? undefined : await loadWordFilter(config.wordFilterFile);
  const roomDeps: Omit<LiveRoomDeps, 'store' | 'coupons'> = {
    now: ctx.now,
    log: ctx.log,
    publish: (roomId, frame) => app.publish(roomTopic(roomId), frame, true),
    publishHosts: (roomId, frame) => app.publish(hostTopic(roomId), frame, true),
    onClosed: (roomId) => hooks.onClosed(roomId),
    contain: (error, roomId) => ctx.contained.report('room-timer', error, { room: roomId }),
    resumeWindow: config.roomResumeWindow,
    ...(filterComment ? { filterComment } : {}),
    snapshotEvery: config.roomSnapshotEvery,
  };
  const common = { dataDir: config.dataDir, storiesDir: config.storiesDir, log: ctx.log, roomDeps };
  if (config.cluster === undefined) return openLocalBackend({ ...common, onCommit: (info) => hooks.onCommit(info) });
  return openClusterBackend(config.cluster, {
    ...common,
    metrics: ctx.metrics,
    contained: ctx.contained,
    localViewers: (id) => app.numSubscribers(roomTopic(id)),
    commandsPerSecond: config.commandsPerSecond,
    onCommit: (info) => hooks.onCommit({ room: info.room, records: info.records, bytes: 0, fsyncMs: info.ms }),
  });
}
