/**
 * Room backups over HTTP (docs/operations.md), for the operator only:
 *
 * - `GET /api/rooms/:id/backup` answers the room's .bcr file, the same bytes
 *   `branchcast rooms export` writes (read-only, so safe while the room runs);
 * - `POST /api/rooms/import[?as=NEWID]`, body a .bcr file, verifies the whole
 *   file, writes the room (refusing an id that exists) and answers its id.
 *   In cluster mode the room is in Redis, and the next sweep of any node
 *   (within about a third of a lease) takes it and runs it. On one machine
 *   the room is written into the data directory this server holds, and the
 *   room registry adopts it (recovers it from the store) before the answer.
 */
import { BackupError, type BackupErrorCode } from '../backup/backup-error.ts';
import { exportRoom, importRoom, verifyBackup, type RoomLocation } from '../backup/backup-io.ts';
import type { ServerContext } from '../server-context.ts';
import { RoomStoreError } from '../store/room-store-error.ts';
import { ROOM_ID_PATTERN, isValidRoomId } from '../store/room-id.ts';
import type { TemplatedApp } from '../uws.ts';
import type { ApiHandler, ApiResponse } from './api-handler.ts';
import { mountApi } from './api-handler.ts';
import { apiError } from './api-error.ts';
import type { RoomsApiDeps } from './rooms-api-deps.ts';
import { unauthorized } from './stories-handlers.ts';

/** The largest backup POST /api/rooms/import accepts; a bigger room goes through the CLI. */
export const MAX_BACKUP_BODY = 64 * 1024 * 1024;
export const BCR_CONTENT_TYPE = 'application/vnd.branchcast.room-backup';

/** Why a file or room was refused, as HTTP: a damaged file is the client's (422), the room's stored data the server's (500). */
function refused(error: BackupError, importing: boolean): ApiResponse {
  const status: Record<BackupErrorCode, number> = {
    'not-found': 404, 'room-exists': 409, truncated: 422, 'bad-magic': 422, 'unsupported-version': 422, checksum: 422,
    malformed: 422, 'seq-gap': 422, 'bad-record': 422, 'bad-snapshot': 422,
  };
  const code = status[error.code] === 422 && !importing ? 500 : status[error.code];
  return { status: code, body: apiError(error.code === 'room-exists' ? 'exists' : error.code === 'not-found' ? 'not-found' : 'invalid-backup', error.message, { reason: error.code }) };
}

/** The data directory or Redis failed under the export or import: not the file's fault, and worth a retry. */
const storeUnavailable = (error: RoomStoreError): ApiResponse => ({ status: 503, headers: [['Retry-After', '1']], body: apiError('unavailable', `the room store failed: ${error.message}`) });

function locationOf(ctx: ServerContext): RoomLocation {
  const { cluster, dataDir } = ctx.config;
  return cluster === undefined ? { kind: 'data', dir: dataDir } : { kind: 'redis', url: cluster.redisUrl, prefix: cluster.redisPrefix };
}

export const getRoomBackup = (deps: RoomsApiDeps, location: RoomLocation): ApiHandler => async (request) => {
  if (!deps.isAdmin(request.authorization)) return unauthorized;
  const id = request.params[0] ?? '';
  try {
    const bytes = await exportRoom(location, id, new Date(deps.now()));
    return { status: 200, contentType: BCR_CONTENT_TYPE, headers: [['Content-Disposition', `attachment; filename="${id}.bcr"`]], body: bytes };
  } catch (error) {
    if (error instanceof BackupError) return refused(error, false);
    if (error instanceof RoomStoreError) return storeUnavailable(error);
    throw error;
  }
};

export const postRoomImport = (deps: RoomsApiDeps, location: RoomLocation): ApiHandler => async (request) => {
  if (!deps.isAdmin(request.authorization)) return unauthorized;
  const as = request.query.get('as') ?? undefined;
  if (as !== undefined && !isValidRoomId(as)) return { status: 400, body: apiError('invalid', `?as= must be a room id: ${ROOM_ID_PATTERN.source}`) };
  try {
    const decoded = await verifyBackup(request.body);
    if (location.kind === 'data' && !deps.rooms.adopt) {
      return { status: 501, body: apiError('unsupported', 'this server cannot start an imported room while it runs: stop it, run `branchcast rooms import FILE.bcr --data DIR`, and start it again (docs/operations.md)') };
    }
    const imported = await importRoom(location, decoded, as);
    // One machine: the server holds the data directory, so the import wrote beside its rooms; run it now.
    if (location.kind === 'data') await deps.rooms.adopt?.(imported.room);
    return { status: 201, headers: [['Location', `/api/rooms/${imported.room}`]], body: { id: imported.room, story: imported.meta.story, records: imported.meta.records } };
  } catch (error) {
    if (error instanceof BackupError) return refused(error, true);
    if (error instanceof RoomStoreError) return storeUnavailable(error);
    throw error;
  }
};

/** Mounts both routes (rooms-routes.ts calls this with the rooms API's deps). */
export function mountBackupApi(app: TemplatedApp, ctx: ServerContext, deps: RoomsApiDeps): void {
  const location = locationOf(ctx);
  mountApi(app, ctx, 'get', '/api/rooms/:id/backup', 1, getRoomBackup(deps, location));
  mountApi(app, ctx, 'post', '/api/rooms/import', 0, postRoomImport(deps, location), { maxBody: MAX_BACKUP_BODY });
}
