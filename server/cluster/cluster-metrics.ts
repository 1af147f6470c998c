import { exponentialBuckets } from '../metrics/histogram.ts';
import type { MetricRegistry } from '../metrics/metric-registry.ts';
import type { LiveRoom } from '../rooms/live-room.ts';

/** What a cluster node reports about its part of the cluster. */
export interface ClusterHooks {
  /** A vote batch went to a remote owner, with this many votes. */
  voteBatch?: (votes: number) => void;
  /** A command, vote batch or close went to a remote owner (and was answered or given up). */
  forwarded?: (kind: 'cmd' | 'votes' | 'close', outcome: 'ok' | 'retried' | 'failed') => void;
  /** This node took a room over: how long the rebuild took. */
  tookOver?: (ms: number) => void;
  /** This node gave a room up (lost lease, log failure). */
  gaveUp?: () => void;
  /** A frame on a node inbox ('bus') or a room's records channel ('records') that is not a message: dropped. */
  badFrame?: (channel: 'bus' | 'records' | 'tally') => void;
}

export function createClusterMetrics(registry: MetricRegistry, rooms: () => LiveRoom[]): ClusterHooks {
  const count = (role: 'owner' | 'follower'): number => rooms().filter((r) => r.role === role).length;
  registry.callbackGauge({ name: 'branchcast_cluster_rooms_owned', help: 'Rooms whose lease this node holds.', collect: () => count('owner') });
  registry.callbackGauge({ name: 'branchcast_cluster_rooms_followed', help: 'Rooms this node follows for its own viewers.', collect: () => count('follower') });
  const batchSize = registry.histogram({ name: 'branchcast_cluster_vote_batch_votes', help: 'Votes per batch sent to a remote owner.', buckets: exponentialBuckets(1, 4, 10) });
  const forwarded = registry.counter({ name: 'branchcast_cluster_forwarded_total', help: 'Requests forwarded to remote owners, by kind and outcome.', labelNames: ['kind', 'outcome'] });
  const takeoverSeconds = registry.histogram({ name: 'branchcast_cluster_takeover_duration_seconds', help: 'Rebuilding a room this node took over.', buckets: exponentialBuckets(0.001, 2, 16) });
  const gaveUp = registry.counter({ name: 'branchcast_cluster_rooms_given_up_total', help: 'Rooms this node stopped owning without shutting down (lost lease, log failure).' });
  const badFrames = registry.counter({ name: 'branchcast_cluster_bad_frames_total', help: 'Frames on a cluster channel that are not a message (garbage, or a version skew), dropped; by channel.', labelNames: ['channel'] });
  return {
    badFrame: (channel) => badFrames.labels({ channel }).inc(),
    voteBatch: (votes) => batchSize.observe(votes),
    forwarded: (kind, outcome) => forwarded.labels({ kind, outcome }).inc(),
    tookOver: (ms) => takeoverSeconds.observe(ms / 1000),
    gaveUp: () => gaveUp.inc(),
  };
}
