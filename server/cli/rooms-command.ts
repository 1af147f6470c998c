/**
 * `branchcast rooms export ROOM > room.bcr` and `branchcast rooms import
 * room.bcr` (docs/operations.md): a room's log and snapshot as one checksummed
 * file, and back.
 *
 * - Export only reads, so it runs next to a live server on the same data
 *   directory or Redis (server/backup/read-room.ts says why that is safe).
 * - Import verifies the whole file first, and refuses a room id that exists
 *   (`--as NEWID` imports it under another). Into a data directory it takes
 *   the directory's lock, so it refuses while a server runs there: import
 *   through that server's API instead (POST /api/rooms/import).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError } from '../backup/backup-error.ts';
import { exportRoom, importRoom, verifyBackup, type RoomLocation } from '../backup/backup-io.ts';
import { DEFAULT_DATA_DIR } from '../config.ts';
import { DataDirLockedError, lockDataDir } from '../store/data-dir-lock.ts';
import { RoomStoreError } from '../store/room-store-error.ts';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIO } from './command.ts';

/** A refused export or import (a damaged file, an existing room, a locked directory). */
const EXIT_REFUSED = 1;

const OPTIONS = {
  data: { type: 'string' },
  redis: { type: 'string' },
  'redis-prefix': { type: 'string' },
  out: { type: 'string' },
  as: { type: 'string' },
} as const;

export const roomsCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [action, subject, ...extra] = positionals;
  if (subject === undefined || extra.length > 0 || (action !== 'export' && action !== 'import')) throw new UsageError('expected: rooms export ROOM | rooms import FILE.bcr');
  if (values.data !== undefined && values.redis !== undefined) throw new UsageError('--data and --redis name two places: give one');
  const location = locate(values, io);
  try {
    return action === 'export' ? await runExport(location, subject, values.out, io) : await runImport(location, resolve(io.cwd, subject), values.as, io);
  } catch (error) {
    if (error instanceof BackupError || error instanceof DataDirLockedError) {
      io.err(`branchcast rooms ${action}: ${error instanceof BackupError ? `${error.code}: ` : ''}${error.message}\n`);
      return EXIT_REFUSED;
    }
    // A file that cannot be read or written, a Redis that cannot be reached: an I/O error, said plainly.
    if (error instanceof RoomStoreError || (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string')) {
      io.err(`branchcast rooms ${action}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
};

function locate(values: { data?: string | undefined; redis?: string | undefined; 'redis-prefix'?: string | undefined }, io: CliIO): RoomLocation {
  const redis = values.redis ?? (values.data === undefined ? process.env.REDIS_URL : undefined);
  if (redis !== undefined && redis !== '') return { kind: 'redis', url: redis, prefix: values['redis-prefix'] ?? process.env.REDIS_PREFIX };
  return { kind: 'data', dir: resolve(io.cwd, values.data ?? process.env.DATA_DIR ?? DEFAULT_DATA_DIR) };
}

async function runExport(location: RoomLocation, room: string, out: string | undefined, io: CliIO): Promise<number> {
  if (out === undefined && process.stdout.isTTY) throw new UsageError('a backup is binary: redirect stdout to a file (> ROOM.bcr) or pass --out FILE');
  const bytes = await exportRoom(location, room, new Date());
  if (out !== undefined) await writeFile(resolve(io.cwd, out), bytes);
  else await writeStdout(bytes);
  io.err(`branchcast rooms export: room ${room}, ${bytes.length} bytes\n`);
  return EXIT_OK;
}

/** Binary to stdout (the CLI's io.out carries text), resolved once the bytes are handed over. */
function writeStdout(bytes: Buffer): Promise<void> {
  return new Promise((done, fail) => process.stdout.write(bytes, (error) => (error ? fail(error) : done())));
}

async function runImport(location: RoomLocation, file: string, as: string | undefined, io: CliIO): Promise<number> {
  const bytes = await readFile(file);
  // Verified before the lock is even taken: a damaged file leaves the data directory exactly as it was.
  const decoded = await verifyBackup(bytes);
  const lock = location.kind === 'data' ? await lockForImport(location.dir) : undefined;
  try {
    const imported = await importRoom(location, decoded, as);
    io.out(`${imported.room}\n`);
    io.err(`branchcast rooms import: room ${imported.room} (${imported.meta.records} records, story ${imported.meta.story}, exported ${imported.meta.exportedAt})\n`);
    return EXIT_OK;
  } finally {
    await lock?.release();
  }
}

async function lockForImport(dir: string): Promise<{ release(): Promise<void> }> {
  try {
    return await lockDataDir(dir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    throw new DataDirLockedError(`${error.message}. A server is running on it: import through its API instead (POST /api/rooms/import with the admin key; docs/operations.md)`);
  }
}
