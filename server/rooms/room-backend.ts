import type { RoomDirectory } from './room-directory.ts';
import type { StoryLibrary } from './story-library.ts';

/** What the rooms feature runs on: one machine's data directory, or a Redis cluster. */
export interface RoomBackend {
  rooms: RoomDirectory;
  library: StoryLibrary;
  /** The token-signing keyring (the first key signs). */
  secrets: string[];
  close(): Promise<void>;
}
