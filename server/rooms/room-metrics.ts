import type { CommitInfo } from '../store/segment-log.ts';
import { exponentialBuckets } from '../metrics/histogram.ts';
import type { MetricRegistry } from '../metrics/metric-registry.ts';
import type { RoomSocketHooks } from './room-socket-hooks.ts';

/** The rooms feature's metrics, and the hooks that feed them. */
export interface RoomMetrics {
  socket: RoomSocketHooks;
  /** Feeds the fsync-latency histogram from the file store's group commits. */
  onCommit: (info: CommitInfo) => void;
}

export function createRoomMetrics(registry: MetricRegistry, roomCount: () => number): RoomMetrics {
  const connections = registry.gauge({ name: 'branchcast_connections', help: 'Open room WebSocket connections.' });
  registry.callbackGauge({ name: 'branchcast_rooms', help: 'Rooms owned by this server.', collect: roomCount });
  const messages = registry.counter({ name: 'branchcast_ws_messages_total', help: 'WebSocket messages, by direction.', labelNames: ['direction'] });
  const bytes = registry.counter({ name: 'branchcast_ws_bytes_total', help: 'WebSocket payload bytes, by direction.', labelNames: ['direction'] });
  const commandSeconds = registry.histogram({
    name: 'branchcast_command_duration_seconds',
    help: 'From a command arriving to its durable acknowledgement.',
    buckets: exponentialBuckets(0.0005, 2, 14),
  });
  const fsyncSeconds = registry.histogram({ name: 'branchcast_log_fsync_duration_seconds', help: 'fsync of one group commit of the room log.', buckets: exponentialBuckets(0.0001, 2, 16) });
  const commitRecords = registry.histogram({ name: 'branchcast_log_commit_records', help: 'Records per group commit.', buckets: exponentialBuckets(1, 2, 12) });
  const slow = registry.counter({ name: 'branchcast_slow_consumers_dropped_total', help: 'Connections closed for exceeding the send-buffer limit (4010).' });
  const heartbeat = registry.counter({ name: 'branchcast_heartbeat_timeouts_total', help: 'Connections closed by the idle timeout.' });
  const refused = registry.counter({ name: 'branchcast_ws_upgrades_refused_total', help: 'WebSocket upgrades refused before any room work, by reason (origin: a browser page from an origin not allowed).', labelNames: ['reason'] });
  const messagesIn = messages.labels({ direction: 'in' });
  const messagesOut = messages.labels({ direction: 'out' });
  const bytesIn = bytes.labels({ direction: 'in' });
  const bytesOut = bytes.labels({ direction: 'out' });
  return {
    socket: {
      opened: () => connections.inc(),
      closed: () => connections.dec(),
      messageIn: (n) => {
        messagesIn.inc();
        bytesIn.inc(n);
      },
      messageOut: (n) => {
        messagesOut.inc();
        bytesOut.inc(n);
      },
      commandDone: (ms) => commandSeconds.observe(ms / 1000),
      slowConsumerDropped: () => slow.inc(),
      heartbeatTimeout: () => heartbeat.inc(),
      upgradeRefused: (reason) => refused.labels({ reason }).inc(),
    },
    onCommit: (info) => {
      fsyncSeconds.observe(info.fsyncMs / 1000);
      commitRecords.observe(info.records);
    },
  };
}
