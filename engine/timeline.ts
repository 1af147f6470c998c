/**
 * The room's playback state: small, authoritative, and the same formula on
 * every client. At server time `t` (ms), the media position (s) is
 * `mediaAnchor + (playing ? (t - serverAnchor) / 1000 * rate : 0)`.
 */
export interface Timeline {
  node: string;
  /** Media position in seconds at `serverAnchor`. */
  mediaAnchor: number;
  /** Server time in epoch milliseconds of the anchor. */
  serverAnchor: number;
  rate: number;
  playing: boolean;
}

/** Media position (s) at server time `t` (ms). */
export function positionAt(tl: Timeline, t: number): number {
  return tl.playing ? tl.mediaAnchor + ((t - tl.serverAnchor) / 1000) * tl.rate : tl.mediaAnchor;
}

/**
 * Server time (ms) at which the media reaches `position`, or undefined if it
 * never will (paused, or the position is behind the playhead's direction).
 * Returns `serverAnchor`-relative exact values so every node computes the same instant.
 */
export function serverTimeAt(tl: Timeline, position: number): number | undefined {
  if (!tl.playing || tl.rate <= 0) return undefined;
  return tl.serverAnchor + ((position - tl.mediaAnchor) / tl.rate) * 1000;
}

/** A new node starts at `position` at server time `t`. */
export function startNode(node: string, t: number, playing: boolean, position = 0, rate = 1): Timeline {
  return { node, mediaAnchor: position, serverAnchor: t, rate, playing };
}

/** Playing from the current position at `t`. */
export function play(tl: Timeline, t: number): Timeline {
  return tl.playing ? tl : { ...tl, mediaAnchor: positionAt(tl, t), serverAnchor: t, playing: true };
}

/** Paused at the position reached at `t`. */
export function pause(tl: Timeline, t: number): Timeline {
  return tl.playing ? { ...tl, mediaAnchor: positionAt(tl, t), serverAnchor: t, playing: false } : tl;
}

/** Jumped to `position` at `t`, keeping play/pause. */
export function seek(tl: Timeline, t: number, position: number): Timeline {
  return { ...tl, mediaAnchor: position, serverAnchor: t };
}
