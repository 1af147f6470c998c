import type { ResolvePrincipal } from '../auth/principal.ts';
import type { AuthorRegistry } from '../authors/author-registry.ts';
import type { RoomClaims, VerifyRoomToken } from '../ws/room-socket.ts';
import type { RoomDirectory } from '../rooms/room-directory.ts';
import type { StoryLibrary } from '../rooms/story-library.ts';

/** What the stories/rooms API needs; all injected, so handlers run without a server. */
export interface RoomsApiDeps {
  library: StoryLibrary;
  rooms: RoomDirectory;
  signToken: (claims: RoomClaims) => string;
  verifyToken: VerifyRoomToken;
  /** Constant-time check of an `Authorization` header against the operator key. */
  isAdmin: (authorization: string | undefined) => boolean;
  /** Who the `Authorization` header is: operator, an author, anonymous or unknown. */
  principal: ResolvePrincipal;
  /** Author keys, for the operator's /api/authors and for naming who saved a version. */
  authors: AuthorRegistry;
  /** Wall clock, epoch ms. */
  now: () => number;
  /** Lifetime of issued room tokens. */
  tokenTtlSeconds: number;
  /** Public base URL for links, e.g. http://127.0.0.1:8080, given the request's Host header. */
  baseUrl: (host: string | undefined) => string;
  /** Per-subject command limiter for the HTTP command endpoint. */
  allowCommand: (sub: string) => boolean;
}

/** `Authorization: Bearer X` → X. */
export function bearer(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
