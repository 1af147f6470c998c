/** What the HTTP API answers (docs/protocol.md §1, docs/openapi.yaml), as the SDK returns it. */
import type { Diagnostic } from '../../engine/diagnostic.ts';

export type { RoomAnalytics } from '../../engine/analytics/analytics-types.ts';
export type { RoomSnapshot } from '../../engine/room/room-snapshot.ts';

/** `POST /api/stories`: the story as stored, a new version each time. */
export interface CreatedStory {
  id: string;
  title: string;
  version: string;
  diagnostics: Diagnostic[];
}

/** `POST /api/rooms`: the room plays `storyVersion` of its story for good. */
export interface CreatedRoom {
  id: string;
  story: string;
  storyVersion: string;
  /** Keep it secret: it drives the room. */
  hostToken: string;
  joinUrl: string;
  hostUrl: string;
  wsUrl: string;
}

/** `POST /api/rooms/:id/viewers`: a new viewer identity. */
export interface ViewerToken {
  viewerId: string;
  token: string;
  /** Seconds. */
  expiresIn: number;
}

/** `POST /api/rooms/:id/commands`: the command is durable. */
export interface CommandAccepted {
  ok: true;
  id: string;
  version: number;
  /** What only the sender gets, e.g. a coupon code. */
  data?: Record<string, unknown>;
}
