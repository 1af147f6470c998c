/**
 * Bounds on solo play analytics (POST /api/stories/:id/plays), documented in
 * docs/solo.md. Inputs are hostile: every bound is checked before the work it
 * limits, and the answer past one is 413.
 */
export const PLAY_LIMITS = {
  /** Request body of one batch. */
  maxBatchBytes: 1024 * 1024,
  /** Inputs in one batch. */
  maxBatchInputs: 500,
  /** Inputs stored for one play; later inputs are refused. */
  maxPlayInputs: 20_000,
  /** Bytes stored for one play. */
  maxPlayBytes: 8 * 1024 * 1024,
  /** Plays stored per story (on this node); a new play past it is refused. */
  maxPlaysPerStory: 10_000,
  /** Room events one batch may make the room core produce (cue wake-ups, switches…): the CPU a batch may cost. */
  maxBatchEvents: 500,
  /** Room events one play may produce in all. */
  maxPlayEvents: 100_000,
  /** Client-chosen play ids. */
  playId: /^[A-Za-z0-9_-]{8,64}$/,
  /** Length of the client's storyVersion label. */
  maxStoryVersionLength: 128,
} as const;
