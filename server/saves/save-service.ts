import { createHash } from 'node:crypto';
import { createKeyedSerialQueue } from '../store/keyed-serial-queue.ts';
import type { SaveStore } from './save-store.ts';

export type PutSaveResult = { ok: true; etag: string; created: boolean } | { ok: false; etag: string | undefined };

/** The strong entity tag of a save's bytes. */
export function saveEtag(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`;
}

/** Whether an If-Match header (RFC 9110: `*` or a list of tags) admits the current tag. */
function matches(ifMatch: string, current: string | undefined): boolean {
  if (ifMatch.trim() === '*') return current !== undefined;
  return current !== undefined && ifMatch.split(',').some((tag) => tag.trim() === current);
}

/**
 * Conditional saves: with If-Match, the save is replaced only while it is
 * still the one the client read (else `ok: false` → 412). One write at a time
 * per save, so the check and the write cannot interleave with another's.
 */
export function createSaveService(store: SaveStore) {
  const queue = createKeyedSerialQueue();
  return {
    get: (story: string, viewer: string): Promise<Buffer | undefined> => store.get(story, viewer),
    put: (story: string, viewer: string, bytes: Buffer, ifMatch: string | undefined): Promise<PutSaveResult> =>
      queue.run(`${story}/${viewer}`, async () => {
        const before = await store.get(story, viewer);
        const current = before && saveEtag(before);
        if (ifMatch !== undefined && !matches(ifMatch, current)) return { ok: false, etag: current };
        await store.put(story, viewer, bytes);
        return { ok: true, etag: saveEtag(bytes), created: before === undefined };
      }),
  };
}

export type SaveService = ReturnType<typeof createSaveService>;
