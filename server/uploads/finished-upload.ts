import { isUploadId } from './upload-id.ts';
import { isFinished } from './upload-info.ts';
import type { UploadMetadata } from './parse-upload-metadata.ts';
import { UploadStore } from './upload-store.ts';

/** A completely received upload, ready to be packaged (e.g. by server/media's packageMedia). */
export interface FinishedUpload {
  id: string;
  /** Path of the bytes (joined onto dataDir). Read it, never move it; DELETE the upload when done with it. */
  path: string;
  length: number;
  /** Decoded `Upload-Metadata`, e.g. `filename`, `filetype` as tus-js-client and Uppy send them. */
  metadata: UploadMetadata;
}

/** Where an upload stands, for messages such as "upload X is only 40% there". */
export type UploadLookup =
  | { state: 'missing' }
  | { state: 'incomplete'; id: string; offset: number; length: number }
  | { state: 'finished'; upload: FinishedUpload };

/** Thrown for a string that is not an upload id (it could otherwise escape the uploads directory). */
export class InvalidUploadIdError extends Error {
  override name = 'InvalidUploadIdError';
}

/**
 * Path of an upload's data file: `<dataDir>/uploads/<id>`.
 * @throws InvalidUploadIdError when `id` is not one of ours.
 */
export function uploadFilePath(dataDir: string, id: string): string {
  if (!isUploadId(id)) throw new InvalidUploadIdError(`'${id}' is not an upload id`);
  return new UploadStore(dataDir).dataPath(id);
}

/**
 * Looks an upload up by id or by its URL (`…/uploads/<id>`, as tus clients
 * report it). Anything that is not an id shape is 'missing'.
 */
export async function lookupUpload(dataDir: string, idOrUrl: string): Promise<UploadLookup> {
  const id = idOrUrl.slice(idOrUrl.lastIndexOf('/') + 1);
  if (!isUploadId(id)) return { state: 'missing' };
  const store = new UploadStore(dataDir);
  const info = await store.read(id);
  if (!info) return { state: 'missing' };
  if (!isFinished(info)) return { state: 'incomplete', id, offset: info.offset, length: info.length };
  return { state: 'finished', upload: { id, path: store.dataPath(id), length: info.length, metadata: info.metadata } };
}

/**
 * The finished upload with this id or URL, or undefined when it does not
 * exist or is still incomplete.
 *
 * @example
 *   const upload = await getFinishedUpload(config.dataDir, 'http://host/uploads/3q2-7wEjR0WcZx1vY6Hj0w');
 *   if (upload) await packageMedia({ tools, input: upload.path, outDir: 'stories/media/heist/intro' });
 */
export async function getFinishedUpload(dataDir: string, idOrUrl: string): Promise<FinishedUpload | undefined> {
  const found = await lookupUpload(dataDir, idOrUrl);
  return found.state === 'finished' ? found.upload : undefined;
}
