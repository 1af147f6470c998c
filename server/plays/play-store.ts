import type { SoloInput } from '../../engine/solo/index.ts';

/** What a play remembers besides its inputs; fixed by its first batch. */
export interface PlayHeader {
  story: string;
  play: string;
  /** The client's label of the story version it played. */
  storyVersion: string;
  /** Server time (epoch ms) the first batch arrived. */
  receivedAt: number;
  /** Added to the session's times to put them on the server's clock (receivedAt minus the first batch's last time). */
  clockOffset: number;
}

export interface StoredPlay {
  header: PlayHeader;
  inputs: SoloInput[];
  /** Bytes the play takes in the store, for PLAY_LIMITS.maxPlayBytes. */
  bytes: number;
}

/**
 * Where solo plays live (docs/solo.md). Adapters: createFilePlayStore (the
 * data directory, durable) and createMemoryPlayStore (tests). The caller runs
 * one operation at a time per play and decides what to append; the store only
 * keeps bytes safe.
 */
export interface PlayStore {
  read(story: string, play: string): Promise<StoredPlay | undefined>;
  /**
   * Appends `inputs` after the play's stored ones and resolves once they are
   * durable; a new play is created with `header`. Resolves with the play's bytes.
   */
  append(header: PlayHeader, inputs: readonly SoloInput[]): Promise<number>;
  /** Ids of the story's plays, in no particular order. */
  list(story: string): Promise<string[]>;
  close(): Promise<void>;
}
