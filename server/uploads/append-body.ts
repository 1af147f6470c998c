import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { ChecksumSpec } from './parse-tus-headers.ts';

export interface AppendRequest {
  /** The upload's data file, opened for writing. */
  handle: FileHandle;
  /** Committed offset the body starts at (verified against `Upload-Offset` by the caller). */
  startOffset: number;
  /** Bytes the upload still accepts (`Upload-Length - startOffset`). */
  maxBytes: number;
  body: AsyncIterable<Uint8Array>;
  /** When set, the body is kept only if it matches; nothing is committed before verification. */
  checksum?: ChecksumSpec | undefined;
  /** Without a checksum: fsync and call onCommit at least every this many bytes. */
  commitEveryBytes: number;
  /** Persists an intermediate offset (already fsynced) so a crash mid-body loses little. */
  onCommit: (offset: number) => Promise<void>;
}

/**
 * How a body ended. In every case the data file holds exactly the bytes below
 * `offset`, fsynced; the caller commits `offset` to the info file.
 * - complete: the whole body was written (and matched its checksum).
 * - aborted: the body broke off; what arrived is kept (tus semantics), unless a checksum was required.
 * - too-large: the body ran past Upload-Length; it is discarded back to the last commit
 *   (only bodies of unknown length get here; a Content-Length overflow is refused up front).
 * - checksum-mismatch: the body did not match Upload-Checksum; all of it is discarded.
 */
export type AppendOutcome =
  | { kind: 'complete'; offset: number }
  | { kind: 'aborted'; offset: number }
  | { kind: 'too-large'; offset: number }
  | { kind: 'checksum-mismatch'; offset: number };

async function writeAll(handle: FileHandle, chunk: Uint8Array, position: number): Promise<void> {
  let written = 0;
  while (written < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, written, chunk.byteLength - written, position + written);
    written += bytesWritten;
  }
}

/**
 * Streams a PATCH body into the data file at `startOffset`, one chunk at a time
 * (the body's own backpressure bounds memory), and fsyncs before reporting an
 * offset. Throws only on file-system errors; the caller then cuts the file back
 * to its last committed offset.
 */
export async function appendBody(request: AppendRequest): Promise<AppendOutcome> {
  const { handle, startOffset, maxBytes, checksum, commitEveryBytes, onCommit } = request;
  const hash = checksum ? createHash(checksum.algorithm) : undefined;
  let position = startOffset;
  let committed = startOffset;
  const iterator = request.body[Symbol.asyncIterator]();

  const discard = async (kind: 'too-large' | 'checksum-mismatch' | 'aborted'): Promise<AppendOutcome> => {
    // Cut back to the last commit: the info file may already name it (an
    // intermediate commit), so going below it would contradict durable state.
    // Checksummed bodies never commit early, so for them this is startOffset.
    await handle.truncate(committed);
    await handle.datasync();
    return { kind, offset: committed };
  };

  for (;;) {
    let step: IteratorResult<Uint8Array>;
    try {
      step = await iterator.next();
    } catch {
      // The client went away mid-body. Keep what arrived unless it can't be verified.
      if (hash) return discard('aborted');
      await handle.datasync();
      return { kind: 'aborted', offset: position };
    }
    if (step.done) break;
    const chunk = step.value;
    if (position - startOffset + chunk.byteLength > maxBytes) {
      // Give the iterator a chance to release the socket before we answer.
      await iterator.return?.();
      return discard('too-large');
    }
    await writeAll(handle, chunk, position);
    hash?.update(chunk);
    position += chunk.byteLength;
    if (!hash && position - committed >= commitEveryBytes) {
      await handle.datasync();
      await onCommit(position);
      committed = position;
    }
  }

  if (hash && checksum && !hash.digest().equals(checksum.digest)) return discard('checksum-mismatch');
  await handle.datasync();
  return { kind: 'complete', offset: position };
}
