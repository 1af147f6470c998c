/**
 * Why a room backup (.bcr, docs/operations.md) was refused. Every damaged or
 * foreign file maps to one of these codes, never to a crash:
 * - `truncated`: shorter than its header says (an interrupted copy or download);
 * - `bad-magic`: not a .bcr file at all;
 * - `unsupported-version`: a .bcr from a newer (or unknown) format version;
 * - `checksum`: the SHA-256 over the content does not match (a flipped byte);
 * - `malformed`: the checksum holds but the layout does not (longer than its
 *   header says, a section out of bounds, bad metadata): written by a buggy or
 *   hostile tool;
 * - `seq-gap`: the log's seqs do not run 1, 2, 3... without a gap;
 * - `bad-record`: a log record does not decode, or the log does not fold to the
 *   room and state hash the metadata names;
 * - `bad-snapshot`: the snapshot does not decode, or disagrees with the log;
 * - `room-exists`: importing would overwrite a room that already exists;
 * - `not-found`: exporting a room that does not exist.
 */
export type BackupErrorCode =
  | 'truncated'
  | 'bad-magic'
  | 'unsupported-version'
  | 'checksum'
  | 'malformed'
  | 'seq-gap'
  | 'bad-record'
  | 'bad-snapshot'
  | 'room-exists'
  | 'not-found';

/** The one error type the backup module throws for a refused file or room. */
export class BackupError extends Error {
  override name = 'BackupError';
  readonly code: BackupErrorCode;

  constructor(code: BackupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
