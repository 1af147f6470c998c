import { isUploadId } from './upload-id.ts';
import { isFinished } from './upload-info.ts';
import type { UploadMetadata } from './parse-upload-metadata.ts';
import { UploadStore } from './upload-store.ts';

/** A completely received upload, ready to be packaged (e.g. by server/media). */
export interface FinishedUpload {
  id: string;
  /** Path of the bytes (joined onto dataDir). Read it, never move it; DELETE the upload when done with it. */
  path: string;
  length: number;
  /** Decoded `Upload-Metadata`, e.g. `filename`, `filetype` as tus-js-client and Uppy send them. */
  metadata: UploadMetadata;
}

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
 * The finished upload with this id, or undefined when it does not exist or is
 * still incomplete. Accepts an id or an upload URL (`…/uploads/<id>`).
 *
 * @example
 *   const upload = await getFinishedUpload('./data', 'http://host/uploads/3q2-7wEjR0WcZx1vY6Hj0w');
 *   if (upload) await packageMedia(upload.path, …);
 */
export async function getFinishedUpload(dataDir: string, idOrUrl: string): Promise<FinishedUpload | undefined> {
  const id = idOrUrl.slice(idOrUrl.lastIndexOf('/') + 1);
  if (!isUploadId(id)) return undefined;
  const store = new UploadStore(dataDir);
  const info = await store.read(id);
  if (!info || !isFinished(info)) return undefined;
  return { id, path: store.dataPath(id), length: info.length, metadata: info.metadata };
}
