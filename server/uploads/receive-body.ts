import { open } from 'node:fs/promises';
import { appendBody, type AppendOutcome } from './append-body.ts';
import type { ChecksumSpec } from './parse-tus-headers.ts';
import type { TusContext } from './tus-context.ts';
import { isFinished, type UploadInfo } from './upload-info.ts';

export interface Received {
  outcome: AppendOutcome;
  /** The committed info after the body (unchanged when nothing was kept). */
  info: UploadInfo;
}

/** The info after committing `offset`: finished uploads stop expiring, unfinished ones get a fresh deadline. */
export function advance(info: UploadInfo, offset: number, nowMs: number, expiresAfterMs: number): UploadInfo {
  const next = { ...info, offset };
  return { ...next, expiresAtMs: isFinished(next) ? null : nowMs + expiresAfterMs };
}

/**
 * Writes a request body into a locked upload and commits the new offset.
 * Order matters for durability: data fsync (in appendBody) → info commit →
 * only then may the caller acknowledge the offset.
 */
export async function receiveBody(
  ctx: TusContext,
  info: UploadInfo,
  body: AsyncIterable<Uint8Array>,
  checksum: ChecksumSpec | undefined,
): Promise<Received> {
  const handle = await open(ctx.store.dataPath(info.id), 'r+');
  let committed = info;
  const commit = async (offset: number): Promise<void> => {
    const next = advance(committed, offset, ctx.now(), ctx.options.expiresAfterMs);
    await ctx.store.commit(next);
    committed = next;
  };
  try {
    // A crash mid-PATCH can leave unacknowledged bytes past the committed
    // offset. They are cut off: the next byte must land at the committed offset.
    const { size } = await handle.stat();
    if (size !== info.offset) await handle.truncate(info.offset);
    const outcome = await appendBody({
      handle,
      startOffset: info.offset,
      maxBytes: info.length - info.offset,
      body,
      checksum,
      commitEveryBytes: ctx.options.commitEveryBytes,
      onCommit: commit,
    });
    // Commit even an unchanged offset on success: it refreshes the expiry of an upload in active use.
    if (outcome.offset !== committed.offset || outcome.kind === 'complete') await commit(outcome.offset);
    return { outcome, info: committed };
  } catch (error) {
    // Best effort: leave the file matching the last committed offset.
    await handle.truncate(committed.offset).catch(() => undefined);
    throw error;
  } finally {
    await handle.close();
  }
}
