import type { FileHandle } from 'node:fs/promises';

/** writev at `position` until every byte is written (a regular file may take a short write). */
export async function writeAllAt(handle: FileHandle, buffers: readonly Buffer[], position: number): Promise<void> {
  let remaining = [...buffers];
  let at = position;
  while (remaining.length > 0) {
    const { bytesWritten } = await handle.writev(remaining, at);
    if (bytesWritten === 0) throw new Error('writev wrote 0 bytes');
    at += bytesWritten;
    let skip = bytesWritten;
    let first = 0;
    while (first < remaining.length && skip >= (remaining[first] as Buffer).length) skip -= (remaining[first++] as Buffer).length;
    remaining = remaining.slice(first);
    if (skip > 0) remaining[0] = (remaining[0] as Buffer).subarray(skip);
  }
}
