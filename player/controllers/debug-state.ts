/** The figures tests and benches read from a player or console (not an API for pages). */
import { positionAt } from '../../engine/timeline.ts';
import { effectiveTimeline } from '../sync/room-model.ts';
import type { PlaybackController } from './playback-controller.ts';
import type { RoomView } from './room-view.ts';

export function debugState(room: RoomView, playback: PlaybackController, solo = false): Record<string, unknown> {
  const m = room.model;
  // Same machine as the server in tests: the page's wall clock is the server's clock.
  // A solo run's clock is its own session time.
  const wall = solo && room.clock ? room.clock.serverNow() : Date.now();
  const tl = m ? effectiveTimeline(m, wall) : null;
  const video = playback.media?.video ?? null;
  return {
    status: room.status.kind, node: playback.media?.active?.node ?? null, roomNode: tl?.node ?? null,
    currentTime: video?.currentTime ?? null, paused: video?.paused ?? null, wall,
    roomPosition: tl ? positionAt(tl, wall) : null, offset: room.clock?.offset ?? null, rtt: room.clock?.rtt ?? null,
    // The true offset on the same machine (server clock = this wall clock), read in the same instant as `wall`.
    trueOffset: wall - performance.now(), uncertainty: room.clock?.uncertainty ?? null, clockSamples: room.clock?.samples ?? 0,
    stats: playback.stats, version: m?.version ?? -1, catchingUp: playback.corrector.catchingUp,
  };
}
