import type { PlayIngest } from '../plays/play-ingest.ts';
import type { PlayStore } from '../plays/play-store.ts';
import type { SaveService } from '../saves/save-service.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';

/** What the solo endpoints need (docs/solo.md): the rooms API's deps plus the play and save stores. */
export interface SoloApiDeps extends RoomsApiDeps {
  plays: PlayStore;
  ingest: PlayIngest;
  saves: SaveService;
  /** False with --no-play-analytics / PLAY_ANALYTICS=off: POST …/plays answers 403. */
  playAnalytics: boolean;
}

/** The room claim of a solo viewer token: it names the story, never a room (room ids have no ':'). */
export const soloTokenRoom = (story: string): string => `story:${story}`;
