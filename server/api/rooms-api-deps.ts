import type { ResolvePrincipal } from '../auth/principal.ts';
import type { RoomAccess } from '../auth/room-access.ts';
import type { AuthorRegistry } from '../authors/author-registry.ts';
import { serverUrl } from '../config.ts';
import type { RoomBackend } from '../rooms/room-backend.ts';
import type { RoomDirectory } from '../rooms/room-directory.ts';
import type { StoryLibrary } from '../rooms/story-library.ts';
import type { ServerContext } from '../server-context.ts';
import type { RoomClaims, VerifyRoomToken } from '../ws/room-socket.ts';
import { createCommandLimiter } from './command-limiter.ts';

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

/**
 * The deps on an open backend (compose.ts): its story library and rooms, room
 * access on its keyring, and the server's authors, clock and limits.
 */
export function createRoomsApiDeps(ctx: ServerContext, backend: Pick<RoomBackend, 'library' | 'rooms'>, access: RoomAccess): RoomsApiDeps {
  const { config } = ctx;
  return {
    library: backend.library,
    rooms: backend.rooms,
    signToken: access.signToken,
    verifyToken: access.verifyToken,
    isAdmin: access.isAdmin,
    principal: ctx.resolvePrincipal,
    authors: ctx.authors,
    now: ctx.now,
    tokenTtlSeconds: config.tokenTtlSeconds,
    // Without --public-url, links follow the Host the operator used; a malformed Host falls back to the bind address.
    baseUrl: (host) => config.publicUrl ?? (host && /^[A-Za-z0-9.\-:[\]]{1,255}$/.test(host) ? `http://${host}` : serverUrl(config.host, config.port)),
    allowCommand: createCommandLimiter(config.commandsPerSecond, ctx.now),
  };
}

/** `Authorization: Bearer X` → X. */
export function bearer(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
